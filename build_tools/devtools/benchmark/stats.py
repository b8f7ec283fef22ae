"""Medians, percentiles and ranges: the only statistics the report prints.

Why medians: on a shared machine a run occasionally loses the CPU to something else;
one such run moves a mean a lot and a median hardly at all. The minimum and maximum are
printed beside each median so such a run stays visible.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from typing import Iterable

__all__ = ["Summary", "summarize", "percentile"]


@dataclass(frozen=True)
class Summary:
    """A sample of measurements reduced to what the report shows."""

    n: int
    median: float
    p95: float
    low: float
    high: float


def percentile(values: Iterable[float], p: float) -> float:
    """The `p`-th percentile (0–100), interpolating linearly between closest ranks.

    The same definition as numpy's default and ``statistics.quantiles(method="inclusive")``:
    the 50th percentile is the median, the 100th the maximum.
    """
    data = sorted(values)
    if not data:
        raise ValueError("没有数据，无法计算百分位数。")
    if not 0 <= p <= 100:
        raise ValueError(f"百分位数应在 0 到 100 之间，而不是 {p}。")
    rank = (len(data) - 1) * p / 100
    below, above = math.floor(rank), math.ceil(rank)
    return data[below] + (data[above] - data[below]) * (rank - below)


def summarize(values: Iterable[float]) -> Summary:
    """Median, 95th percentile, minimum and maximum of a non-empty sample."""
    data = sorted(values)
    if not data:
        raise ValueError("没有数据，无法汇总。")
    return Summary(n=len(data), median=statistics.median(data), p95=percentile(data, 95), low=data[0], high=data[-1])

"""What the plugin does to MkDocs' nav and to the process around a build, without building."""

from __future__ import annotations

import gc
from types import SimpleNamespace

from build_tools.site import plugin


def test_a_chapter_with_many_cases_lists_them_in_runs() -> None:
    wanted = {
        3: ["c0.md", "c1.md", "c2.md"],
        plugin.NAV_RUN: [f"c{i}.md" for i in range(plugin.NAV_RUN)],
        45: [{"案例 1–20": [f"c{i}.md" for i in range(20)]},
             {"案例 21–40": [f"c{i}.md" for i in range(20, 40)]},
             {"案例 41–45": [f"c{i}.md" for i in range(40, 45)]}],
    }
    assert plugin.NAV_RUN == 20
    wrong = {count: plugin._in_runs([f"c{i}.md" for i in range(count)]) for count, expected in wanted.items()}
    assert {count: runs for count, runs in wrong.items() if runs != wanted[count]} == {}


def test_the_collector_is_relaxed_during_a_build_and_restored_after_it_or_a_failure(tmp_path) -> None:
    before = gc.get_threshold()
    wrong = []
    (tmp_path / "cases").mkdir()
    for end in ("on_post_build", "on_build_error"):
        cases = plugin.CasesPlugin()
        errors, _ = cases.load_config({"cases_dir": str(tmp_path / "cases")})
        assert errors == []
        cases.on_pre_build(config=None)  # loads the (no) cases
        if gc.get_threshold()[0] != plugin.BUILD_GC_THRESHOLD:
            wrong.append(f"{end}: threshold during the build {gc.get_threshold()}")
        if end == "on_post_build":
            cases.on_post_build(config=SimpleNamespace(site_dir=str(tmp_path)))  # no search worker: logged
        else:
            cases.on_build_error(error=RuntimeError("x"))
        if gc.get_threshold() != before:
            wrong.append(f"{end}: left {gc.get_threshold()}, was {before}")
    assert wrong == []

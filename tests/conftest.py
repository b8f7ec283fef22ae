"""Shared fixtures: the built site, a local server for it, and Chromium for Playwright.

The site is built once per test session, strictly, into a temporary folder, with
``SITE_URL`` set to the address it is then served from (``http://127.0.0.1:<port>/``),
so Material's instant navigation works exactly as it does in production.

Browser tests use pytest-playwright's ``page`` fixture; ``browser_type_launch_args``
points it at Debian's Chromium with the flags this machine needs. Without Chromium a
browser test is skipped on a laptop but FAILS when ``CI=true``: a green CI run must
have driven a real browser.

Fixtures for other test modules:

* ``built_site`` — :class:`BuiltSite` (folder, build log, build time);
* ``build_variant`` — builds another copy of the course, with other ``course_cases``
  options or extra case files, for behaviour the shipped configuration never shows;
* ``course_copy`` — the mkdocs.yml of a copy of the course whose cases a test may edit;
* ``site_url``   — base URL of the served site, ending in ``/``;
* ``site_page``  — :class:`SitePage`: a Playwright page plus the requests it made to
  other origins and the errors it raised (checked empty at teardown).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

from build_tools.devtools.local_browser import CHROMIUM, CHROMIUM_ARGS, free_port, serve_static
from site_page_watch import SitePage, assert_clean, watch

REPO = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() == "true"

# Property tests draw the question as well as the answer (sampled_from every question of every
# case), so the number of examples is the suite's choice, not a product of questions × examples:
# quick on a laptop, thorough in CI. HYPOTHESIS_PROFILE=ci runs the CI amount anywhere.
settings.register_profile("dev", max_examples=200, deadline=None)
settings.register_profile("ci", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if IN_CI else "dev"))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives the built site in Chromium (Playwright)")
    config.addinivalue_line("markers", "build: builds a wheel or a whole site (seconds to minutes)")


LONGEST_FIRST = (
    "tests/browser/test_accessibility.py",
    "tests/browser/test_grader_start.py",
    "tests/site/test_print_pdf.py",
    "tests/benchmark/test_benchmark.py",
    "tests/browser/test_robustness.py",
    "tests/browser/test_assessment.py",
    "tests/browser/test_persistence.py",
    "tests/browser/test_transfer.py",
    "tests/site/test_build.py",
    "tests/site/test_wheel.py",
)
"""Test files that take longest (measured), longest first.

Why: ``python3 -m build_tools.dev test`` hands whole files to two workers in collection order
(``--dist loadfile --no-loadscope-reorder``); a long file handed out last leaves one worker alone
at the end. Started first, the long files run beside the many short ones.
"""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Put the :data:`LONGEST_FIRST` files at the front, in that order; the rest keep theirs."""
    missing = [name for name in LONGEST_FIRST if not (REPO / name).is_file()]
    if missing:
        raise pytest.UsageError(f"tests/conftest.py 的 LONGEST_FIRST 列出了不存在的文件：{missing}")
    rank = {name: position for position, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::", 1)[0], len(rank)))


def skip_or_fail(reason: str) -> None:
    """Skip on a developer machine; fail in CI, where a skipped check would prove nothing."""
    if IN_CI:
        pytest.fail(f"{reason}（CI=true 时不允许跳过）", pytrace=False)
    pytest.skip(reason)


# --------------------------------------------------------------------------- building


@dataclass(frozen=True)
class BuiltSite:
    """A strictly built copy of the site."""

    root: Path
    log: str
    seconds: float
    site_url: str

    def pages(self) -> list[Path]:
        """Every HTML page of the site."""
        return sorted(self.root.rglob("*.html"))


@pytest.fixture(scope="session")
def site_port() -> int:
    """The port the built site will be served on (known before building: see site_url)."""
    return free_port()


def mkdocs_build(config: Path, out: Path, port: int, *, path: str = "/", env: Mapping[str, str] | None = None) -> BuiltSite:
    """``mkdocs build --strict`` of `config` into `out`, for serving on 127.0.0.1:`port` at `path`
    (a folder of the server, ending in ``/``), with `env` added to the environment."""
    site_url = f"http://127.0.0.1:{port}{path}"
    env = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-f", str(config), "-d", str(out)]
    started = time.perf_counter()
    done = subprocess.run(mkdocs, cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    seconds = time.perf_counter() - started
    log = done.stdout + done.stderr
    if done.returncode != 0:
        pytest.fail(f"mkdocs build --strict 失败（退出码 {done.returncode}）：\n{log}", pytrace=False)
    return BuiltSite(root=out, log=log, seconds=seconds, site_url=site_url)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, site_port: int) -> BuiltSite:
    """``mkdocs build --strict`` of the repository, once per session."""
    return mkdocs_build(REPO / "mkdocs.yml", tmp_path_factory.mktemp("site"), site_port)


def variant_config(folder: Path, *, cases: Mapping[str, str], options: Mapping[str, object]) -> Path:
    """A mkdocs.yml in `folder` for the repository's docs, with other ``course_cases`` options.

    Its cases are the shipped ones (the chapters link to them: a strict build needs them)
    plus `cases` (file name -> YAML text), and its glossary and references the repository's
    (``course_dir``: the chapters link to those pages too). Options are replaced line by line
    in a copy of the real mkdocs.yml, so everything else is exactly the course's configuration.
    """
    cases_dir = folder / "cases"
    shutil.copytree(REPO / "cases", cases_dir)
    for name, text in cases.items():
        (cases_dir / name).write_text(text, encoding="utf-8")
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    for name, value in {"cases_dir": str(cases_dir), "course_dir": str(REPO / "course"), **options}.items():
        line = f"{name}: {json.dumps(value)}"
        text, count = re.subn(rf"^([ \t]+){re.escape(name)}:.*$", lambda m: m.group(1) + line, text, flags=re.M)
        assert count == 1, f"mkdocs.yml 里应恰好有一行 {name}:"
    config = folder / "mkdocs.yml"
    config.write_text(text + f"\ndocs_dir: {json.dumps(str(REPO / 'docs'))}\n", encoding="utf-8")
    return config


@pytest.fixture
def course_copy(tmp_path: Path) -> Path:
    """The mkdocs.yml of a copy of the course in `tmp_path`: its own copy of the cases
    (``tmp_path / "cases"``, free to edit), the repository's docs read in place."""
    return variant_config(tmp_path, cases={}, options={})


@pytest.fixture(scope="session")
def build_variant(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., BuiltSite]:
    """``build_variant(name, port, cases={...}, options={...})``: a strict build of a variant of the course.

    Also ``path`` (served at that folder of the server, e.g. ``/exam/``), ``env`` (added to the build's
    environment) and ``prepare(folder, config)``, called before the build to change the copy's files.
    """

    def build(name: str, port: int, *, cases: Mapping[str, str] | None = None, options: Mapping[str, object] | None = None,
              path: str = "/", env: Mapping[str, str] | None = None,
              prepare: Callable[[Path, Path], None] | None = None) -> BuiltSite:
        folder = tmp_path_factory.mktemp(f"variant-{name}")
        config = variant_config(folder, cases=cases or {}, options=options or {})
        if prepare is not None:
            prepare(folder, config)
        return mkdocs_build(config, folder / "site", port, path=path, env=env)

    return build


# --------------------------------------------------------------------------- serving


@pytest.fixture(scope="session")
def site_url(built_site: BuiltSite, site_port: int) -> Iterator[str]:
    """Serve the built site on 127.0.0.1 for the whole session; yields its base URL."""
    with serve_static(built_site.root, site_port):
        yield built_site.site_url


# --------------------------------------------------------------------------- browser


TEST_ONLY_ARGS = ["--js-flags=--liftoff-only"]
"""Flags the tests' Chromium adds to :data:`CHROMIUM_ARGS`: V8 runs WebAssembly with its baseline
compiler only, never tiering hot functions up to TurboFan.

Why: every browser test starts Pyodide in a fresh profile, and optimising its 8 MB of wasm was
a tenth of the suite's CPU (measured: three browser files 79 → 70 s, twice; a case-page visit
3.6 → 3.1 CPU-s), for pages that grade a handful of answers. What a test checks does not depend
on the tier. The benchmark (``bench``, and its smoke test) launches with :data:`CHROMIUM_ARGS`
alone, as a student's browser runs.
"""


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """pytest-playwright launches Debian's Chromium (never a downloaded one), with :data:`TEST_ONLY_ARGS`."""
    if not CHROMIUM.exists():
        skip_or_fail(f"没有 {CHROMIUM}：浏览器测试需要 Debian 的 chromium（apt-get install chromium fonts-noto-cjk）")
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": [*CHROMIUM_ARGS, *TEST_ONLY_ARGS]}


class WithoutServiceWorkers:
    """The browser, whose new profiles block service workers unless a test asks for them.

    Why: Playwright's routing, which many tests use to serve a broken or slow file, does not see
    the requests a service worker makes, and the site's offline worker (sw.js) would answer from
    its copy. The offline worker has its own tests (tests/browser/test_offline.py), which pass
    ``service_workers="allow"``.
    """

    def __init__(self, browser) -> None:
        self._browser = browser

    def new_context(self, **options):
        return self._browser.new_context(**{"service_workers": "block", **options})

    def new_page(self, **options):
        return self._browser.new_page(**{"service_workers": "block", **options})

    def __getattr__(self, name: str):
        return getattr(self._browser, name)


@pytest.fixture(scope="session")
def browser(browser):
    """pytest-playwright's browser, profiles without service workers by default (:class:`WithoutServiceWorkers`)."""
    return WithoutServiceWorkers(browser)


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    """The ``page`` fixture's profile blocks service workers too."""
    return {**browser_context_args, "service_workers": "block"}


@pytest.fixture(scope="session")
def base_url(site_url: str) -> str:
    """Relative ``page.goto("chapters/recovery/")`` resolves against the served site."""
    return site_url


@pytest.fixture
def site_page(page, site_url: str) -> Iterator[SitePage]:
    """A page that records requests leaving 127.0.0.1 and uncaught page errors; both must stay empty."""
    state = watch(page, site_url)
    yield state
    assert_clean(state)

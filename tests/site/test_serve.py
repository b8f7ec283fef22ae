"""`serve` while an instructor edits cases: a case saved half-edited is reported as `cases check`
reports it, and the preview goes on serving the last good build; a busy port is one line.

The preview runs as ``python3 -m build_tools.dev serve`` runs it (``dev.mkdocs_serve_args``),
on a copy of the course's cases (the docs are read in place, never written).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from build_tools.cases.cli import main as cases
from build_tools.devtools import dev
from build_tools.devtools.local_browser import free_port

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.build

CASE = "x1-serve-demo"
TITLE = "title: 午市等位"
WAIT = 180.0
"""Seconds allowed for a build or rebuild (a few on an idle machine; the suite shares two cores)."""


def _get(url: str) -> tuple[int, str]:
    """Status and text of `url` (0 when nothing answers within 10 s)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except (urllib.error.URLError, OSError):
        return 0, ""


def _wait_for(what: str, ready: Callable[[], bool], log: Path) -> None:
    deadline = time.monotonic() + WAIT
    while not ready():
        if time.monotonic() > deadline:
            pytest.fail(f"等了 {WAIT:.0f} 秒仍未{what}。serve 的输出：\n{log.read_text(encoding='utf-8')}", pytrace=False)
        time.sleep(0.1)


def _line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def test_a_half_edited_case_is_reported_and_the_last_good_build_stays_served(tmp_path, course_copy):
    config = course_copy
    assert cases(["new", CASE, "--type", "all", "--dir", str(tmp_path / "cases")]) == 0
    path = tmp_path / "cases" / f"{CASE}.yaml"
    good = path.read_text(encoding="utf-8")
    port = free_port()
    page = f"http://127.0.0.1:{port}/cases/{CASE}/"
    log = tmp_path / "serve.log"
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", *dev.mkdocs_serve_args(port), "-f", str(config)]
    with log.open("w", encoding="utf-8") as out:
        server = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=out, stderr=subprocess.STDOUT,
                                  start_new_session=True)
    try:
        _wait_for("提供网站", lambda: _get(page)[0] == 200, log)
        numeric_key = good.replace("key: 40", "key: 12:50")
        text_key = good.split("    key: 让您久等了", 1)[0] + "    key: 好的，请您稍等。\n" + good.split("进度。\n", 1)[1]
        broken = [  # (what, file text, what the log must say: file:line, field, fix)
            ("YAML syntax", good.replace(TITLE, "title: [午市等位"),
             [f"{CASE}.yaml:{_line_of(good, TITLE) + 1}:", "YAML 语法错误", "常见原因"]),
            ("schema", numeric_key,
             [f"{CASE}.yaml:{_line_of(numeric_key, 'key: 12:50')}: questions[3]（题目 q4）.key", "应为数字", "这里要写一个数"]),
            ("key proof", text_key,
             [f"{CASE}.yaml:{_line_of(text_key, '  - id: q7')}: 题目 q7", "参考答案只得 0 / 4 分，应为满分"]),
        ]
        wrong = []
        for what, text, said in broken:
            start = len(log.read_text(encoding="utf-8"))
            path.write_text(text, encoding="utf-8")
            _wait_for(f"在 {what} 错误后重新构建", lambda: "Reloading browsers" in log.read_text(encoding="utf-8")[start:], log)
            report = log.read_text(encoding="utf-8")[start:]
            status, html = _get(page)
            missing = [fragment for fragment in said + ["预览没有停"] if fragment not in report]
            if missing or "Traceback" in report:
                wrong.append(f"{what}: the log lacks {missing} or has a traceback:\n{report}")
            if status != 200 or "午市等位" not in html:
                wrong.append(f"{what}: the last good page answered {status}")
            if server.poll() is not None:
                wrong.append(f"{what}: serve ended with status {server.returncode}")
                break
        assert wrong == []

        path.write_text(good.replace(TITLE, "title: 午市等位（改好了）"), encoding="utf-8")
        _wait_for("在改好之后重新构建出新页面", lambda: "午市等位（改好了）" in _get(page)[1], log)
        assert server.poll() is None
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def test_serve_on_a_busy_port_says_so_in_one_line_and_exits(monkeypatch, capsys):
    """Said before any set-up or build (MkDocs itself would build, then end in OSError's traceback)."""
    monkeypatch.setattr(dev, "serve", lambda port: pytest.fail("serve went on with a busy port", pytrace=False))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        status = dev.main(["serve", "--port", str(port)])
    lines = capsys.readouterr().err.strip().splitlines()
    assert status != 0 and len(lines) == 1, lines
    assert f"端口 {port} 已被占用" in lines[0] and "--port" in lines[0]

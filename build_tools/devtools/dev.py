"""One-command set-up for a fresh machine: `python3 -m build_tools.dev test|serve|setup`.

Standard library only, so it runs before anything is installed. It creates
`.venv`, installs the project with its test extra, fetches the pinned,
integrity-checked browser runtime files (Pyodide, Mermaid) into a cache outside
the repository, installs Debian's Chromium and CJK fonts when the browser tests
need them, and then does what was asked:

    python3 -m build_tools.dev test [PYTEST ARGS...]   set up, then run every test
    python3 -m build_tools.dev serve [--port 8000]     set up, then build and serve on 127.0.0.1
    python3 -m build_tools.dev serve --assessment      the same, as the assessment site (no answer keys)
    python3 -m build_tools.dev bench [--quick] [...]   set up, then measure and write BENCHMARKS.md
    python3 -m build_tools.dev pdf [--out FILE.pdf]    set up, then build the site and print its print edition to PDF
    python3 -m build_tools.dev setup                   set up only

Each step is skipped when already done, so a second run starts in seconds.
"""

from __future__ import annotations

import argparse
import errno
import hashlib
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

from build_tools.devtools.local_browser import CHROMIUM

ROOT = Path(__file__).resolve().parents[2]
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"
APT_PACKAGES = ("chromium", "fonts-noto-cjk")


def _run(command: list[str], **kwargs) -> None:
    print("+ " + " ".join(map(str, command)), flush=True)
    subprocess.run(command, check=True, **kwargs)


def ensure_venv() -> None:
    """A virtual environment with the project installed; reinstalled when pyproject.toml changes."""
    stamp = VENV / ".installed"
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if PYTHON.exists() and stamp.exists() and stamp.read_text() == wanted:
        return
    if not PYTHON.exists():
        _run([sys.executable, "-m", "venv", str(VENV)])
    _run([str(PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", f"{ROOT}[test]"])
    stamp.write_text(wanted)


def ensure_runtime_files() -> None:
    """Pinned Pyodide and Mermaid, verified, in the cache the site build copies from."""
    _run([str(PYTHON), "-m", "build_tools.site.vendor"], cwd=ROOT)


def ensure_browser() -> None:
    """Debian's Chromium and CJK fonts for the browser tests (needs root, as on CI)."""
    fonts = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
    if CHROMIUM.exists() and fonts.exists():
        return
    if os.geteuid() != 0:
        sys.exit(f"浏览器测试需要 Debian 的 chromium 和 fonts-noto-cjk：请以 root 运行，"
                 f"或先执行 sudo apt-get install -y {' '.join(APT_PACKAGES)}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    _run(["apt-get", "update", "-qq"], env=env)
    _run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *APT_PACKAGES], env=env)


def test(pytest_args: list[str]) -> int:
    """pytest on two workers, one test file per worker at a time (unless the caller chose ``-n``).

    Why: the browser tests spend most of their time waiting for Chromium and Pyodide, so two
    workers finish well before one; whole files stay together so that a module's pages and
    built variants are made once. Files are handed out in the order tests/conftest.py gives
    them (longest first), not xdist's default of most tests first.
    """
    if not any(arg.startswith(("-n", "--numprocesses")) for arg in pytest_args):
        pytest_args = ["-n", "2", "--dist", "loadfile", "--no-loadscope-reorder", *pytest_args]
    return _run_prepared("pytest", pytest_args)


def bench(bench_args: list[str]) -> int:
    """Set up as for the tests (the browser figures need Chromium), then run the benchmark in the venv."""
    return _run_prepared("build_tools.devtools.benchmark", bench_args)


def pdf(pdf_args: list[str]) -> int:
    """Set up as for the tests (printing needs Chromium and the CJK fonts), then print the course to PDF."""
    return _run_prepared("build_tools.devtools.print_pdf", pdf_args)


def _run_prepared(module: str, args: list[str]) -> int:
    """Everything the tests need (venv, pinned npm files, Chromium), then ``python -m module args`` in the venv."""
    ensure_venv()
    ensure_runtime_files()
    ensure_browser()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([str(PYTHON), "-m", module, *args], cwd=ROOT, env=env).returncode


HOST = "127.0.0.1"


def mkdocs_serve_args(port: int) -> list[str]:
    """The arguments of ``mkdocs`` that ``serve`` runs (the serve test runs the same)."""
    return ["serve", "--strict", "--dev-addr", f"{HOST}:{port}"]


def port_problem(port: int) -> str | None:
    """Why MkDocs could not listen on `port`, in one line with the fix, or None when it can.

    Asked before anything is set up or built: MkDocs finds out only after the first build, and
    then ends in a traceback (``OSError: [Errno 98] Address already in use``). The probe binds
    as MkDocs' server does (``SO_REUSEADDR``), so a port another program listens on is refused
    and one merely left in TIME_WAIT by a server just stopped is not.
    """
    other = 8001 if port != 8001 else 8002
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((HOST, port))
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            return (f"端口 {port} 已被占用（也许另一个 serve 还开着）：请关掉它，或换一个端口，"
                    f"例如 python3 -m build_tools.dev serve --port {other}")
        if exc.errno == errno.EACCES:
            return f"没有权限使用端口 {port}：请用 1024 以上的端口，例如 python3 -m build_tools.dev serve --port {other}"
        return f"无法在 {HOST}:{port} 上提供网站（{exc.strerror}）：请换一个端口，例如 --port {other}"
    finally:
        probe.close()
    return None


def serve(port: int) -> int:
    """Set up, then ``mkdocs serve`` on `port` until Ctrl+C (:func:`main` has checked the port)."""
    ensure_venv()
    ensure_runtime_files()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = str(VENV / "bin" / "mkdocs")
    print(f"课程网站：http://{HOST}:{port}/  （Ctrl+C 停止；修改 docs/ 或 cases/ 会自动刷新，"
          "案例文件有错时显示错误、继续提供上一次成功构建的网站）", flush=True)
    try:
        return subprocess.run([mkdocs, *mkdocs_serve_args(port)], cwd=ROOT, env=env).returncode
    except KeyboardInterrupt:
        return 0


def tcp_port(text: str) -> int:
    """A TCP port number from the command line (argparse reports anything else as a usage error)."""
    port = int(text)
    if not 1 <= port <= 65535:
        raise ValueError(text)
    return port


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m build_tools.dev")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("test", help="set up, then run every test (extra arguments go to pytest)")
    run_serve = commands.add_parser("serve", help="set up, then build and serve the site on 127.0.0.1")
    run_serve.add_argument("--port", type=tcp_port, default=8000, help="port on 127.0.0.1 (default 8000)")
    commands.add_parser("bench", add_help=False, help="set up, then run the benchmarks and write BENCHMARKS.md "
                        "(other arguments, --help included, go to python -m build_tools.devtools.benchmark)")
    commands.add_parser("pdf", add_help=False, help="set up, then build the site and print the course (print/) "
                        "to an A4 PDF (other arguments, --help included, go to python -m build_tools.devtools.print_pdf)")
    commands.add_parser("setup", help="set up only")
    run_serve.add_argument("--assessment", action="store_true",
                           help="serve the assessment site: no answer key in any file (see build_tools/site/assessment.py)")
    args, extra = parser.parse_known_args(argv)
    if extra and args.command not in ("test", "bench", "pdf"):
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if args.command == "serve":  # a busy port is said at once, before any set-up or build
        problem = port_problem(args.port)
        if problem:
            print(problem, file=sys.stderr)
            return 1
    if shutil.which("npm") is None:
        sys.exit("需要 Node.js 和 npm（用来从 npm 取得固定版本的 Pyodide 和 Mermaid）。")
    if args.command == "test":
        return test(extra)
    if args.command == "serve":
        if args.assessment:
            from build_tools.site.assessment import ASSESSMENT_ENV  # standard library only, like this module

            os.environ[ASSESSMENT_ENV] = "1"  # read by the build (mkdocs serve inherits the environment)
            print(f"测验版：网站的任何文件里都没有答案（{ASSESSMENT_ENV}=1）", flush=True)
        return serve(args.port)
    if args.command == "bench":
        return bench(extra)
    if args.command == "pdf":
        return pdf(extra)
    ensure_venv()
    ensure_runtime_files()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Pinned npm packages: those the site serves itself (Pyodide, Mermaid) and those only the tests use (axe-core).

Students, often in mainland China, cannot count on jsDelivr or unpkg, so the built site
must carry these files. Each package is pinned twice: to a version and to npm's sha512
``integrity`` of its tarball. The tarball is fetched once with ``npm pack`` into a cache
outside the repository, refused unless its hash matches the pin, and the few files the
site needs are extracted beside it (and re-hashed on every use).

:data:`PACKAGES` are shipped in the built site (``assets`` copies them);
:data:`TEST_PACKAGES` are fetched and verified the same way, so CI has them, but never
reach the site: the accessibility audit injects axe-core into the page under test itself.

Where a tarball comes from, first match wins:

1. the file named by the package's environment variable, e.g.
   ``SERVICE_COURSE_PYODIDE_TARBALL=/path/pyodide-0.29.5.tgz`` (for machines without network);
2. the cache, ``~/.cache/service-course/`` or ``$SERVICE_COURSE_CACHE``;
3. ``npm pack <name>@<version>`` from the npm registry, into the cache.

Command line (used by the setup step)::

    python -m build_tools.site.vendor            # fetch and verify every package
    python -m build_tools.site.vendor --check    # verify only; never touch the network
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "NpmPackage",
    "PYODIDE",
    "MERMAID",
    "PACKAGES",
    "AXE_CORE",
    "TEST_PACKAGES",
    "VendorError",
    "cache_dir",
    "integrity_of",
    "tarball",
    "package_files",
    "axe_script",
    "main",
]

CACHE_ENV = "SERVICE_COURSE_CACHE"
"""Environment variable that moves the cache (default ``~/.cache/service-course``)."""


@dataclass(frozen=True)
class NpmPackage:
    """One pinned npm package and the files of it the site ships."""

    name: str
    version: str
    integrity: str
    """npm's ``sha512-<base64>`` of the published tarball (``npm view <spec> dist.integrity``)."""
    files: tuple[str, ...]
    """Paths inside the tarball's ``package/`` folder that the site needs."""
    tarball_env: str
    """Environment variable that may name a local copy of the tarball."""

    @property
    def spec(self) -> str:
        """``name@version``, as npm wants it."""
        return f"{self.name}@{self.version}"

    @property
    def tarball_name(self) -> str:
        """The file name ``npm pack`` writes (``pyodide-0.29.5.tgz``)."""
        return f"{self.name}-{self.version}.tgz"


PYODIDE = NpmPackage(
    name="pyodide",
    version="0.29.5",
    integrity="sha512-TkYrUv9m8QmfImADKRmpwZulL48E0uUaBSO+dvRQKyAJc0qh9gu7jn8btyHPh3NZm1r2IH2YrJhIr7Q2B9urAw==",
    files=("pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"),
    tarball_env="SERVICE_COURSE_PYODIDE_TARBALL",
)
"""The Python runtime of the browser grader (core files only: no wheels are needed)."""

MERMAID = NpmPackage(
    name="mermaid",
    version="11.17.2",
    integrity="sha512-V6K3C8EBdEsPFZXSKMJe6ppQOENxuHARr9GvHX4hh47lAbhMRD9qf4oEK7LoaRQxULMa80/qt5gHO73aCleBBg==",
    files=("dist/mermaid.min.js",),
    tarball_env="SERVICE_COURSE_MERMAID_TARBALL",
)
"""Diagrams in the chapters; the IIFE build defines ``window.mermaid`` (Material then skips its CDN)."""

PACKAGES: tuple[NpmPackage, ...] = (PYODIDE, MERMAID)
"""Shipped in the built site."""

AXE_CORE = NpmPackage(
    name="axe-core",
    version="4.14.1",
    integrity="sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==",
    files=("axe.min.js",),
    tarball_env="SERVICE_COURSE_AXE_CORE_TARBALL",
)
"""The accessibility rules engine of the browser tests (tests only: never copied into the site)."""

TEST_PACKAGES: tuple[NpmPackage, ...] = (AXE_CORE,)
"""Needed by the tests only: fetched and verified like the others, never shipped."""

_MANIFEST = ".verified.json"
_NPM_TIMEOUT_S = 600


class VendorError(Exception):
    """A pinned package cannot be provided; the message says why and what to do."""


def cache_dir() -> Path:
    """The download cache, outside the repository so a clone never carries 24 MB of tarballs."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured).expanduser()
    return Path.home() / ".cache" / "service-course"


def integrity_of(path: Path) -> str:
    """npm's integrity string (``sha512-<base64>``) of a file."""
    digest = hashlib.sha512()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return "sha512-" + base64.b64encode(digest.digest()).decode("ascii")


def tarball(pkg: NpmPackage, *, cache: Path | None = None, npm: str = "npm") -> Path:
    """A verified local tarball of `pkg`: from its environment variable, the cache, or npm."""
    cache = cache or cache_dir()
    supplied = os.environ.get(pkg.tarball_env)
    if supplied:
        path = Path(supplied).expanduser()
        if not path.is_file():
            raise VendorError(f"环境变量 {pkg.tarball_env} 指向的文件不存在：{path}")
        _verify(pkg, path, source=f"环境变量 {pkg.tarball_env} 指定的文件")
        return path
    cached = cache / pkg.tarball_name
    if not cached.is_file():
        _npm_pack(pkg, cache, npm)
    try:
        _verify(pkg, cached, source="缓存中的文件")
    except VendorError:
        cached.unlink(missing_ok=True)  # a bad download must not poison the next run
        raise
    return cached


def package_files(pkg: NpmPackage, *, cache: Path | None = None, npm: str = "npm") -> dict[str, Path]:
    """Each file of `pkg.files` -> its verified extracted copy in the cache.

    Extraction happens once per version; afterwards every call re-hashes the extracted
    files against the manifest written when the tarball was verified, so a file changed
    in the cache is caught too.
    """
    cache = cache or cache_dir()
    target = cache / f"{pkg.name}-{pkg.version}"
    files = _verified_extraction(pkg, target)
    if files is None:
        _extract(pkg, tarball(pkg, cache=cache, npm=npm), target)
        files = _verified_extraction(pkg, target)
        if files is None:  # pragma: no cover - only if the disk lies
            raise VendorError(f"{pkg.spec}：解压到 {target} 后校验失败，请删除该目录后重试。")
    return files


def axe_script(*, cache: Path | None = None, npm: str = "npm") -> Path:
    """The verified ``axe.min.js`` that the accessibility tests inject into a page (fetched if missing)."""
    return package_files(AXE_CORE, cache=cache, npm=npm)["axe.min.js"]


def main(argv: Sequence[str] | None = None) -> int:
    """Fetch and verify every pinned package, the site's and the tests'; print where the files are.

    Only a missing site package fails the command: ``dev serve`` runs it too, and an
    instructor building offline needs Pyodide and Mermaid, not the test tools (a test that
    needs a missing one fails by itself, with the same explanation).
    """
    parser = argparse.ArgumentParser(prog="python -m build_tools.site.vendor", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="只校验已有文件，不联网")
    args = parser.parse_args(argv)
    status = 0
    for pkg in (*PACKAGES, *TEST_PACKAGES):
        try:
            if args.check:
                files = _verified_extraction(pkg, cache_dir() / f"{pkg.name}-{pkg.version}")
                if files is None:
                    raise VendorError(f"{pkg.spec} 尚未下载或校验失败；运行 python -m build_tools.site.vendor 获取。")
            else:
                files = package_files(pkg)
        except VendorError as exc:
            if pkg in TEST_PACKAGES:
                print(f"警告（只有测试需要 {pkg.spec}，网站照常构建）：{exc}", file=sys.stderr)
                continue
            print(f"错误：{exc}", file=sys.stderr)
            status = 1
            continue
        size = sum(path.stat().st_size for path in files.values())
        print(f"{pkg.spec}：{len(files)} 个文件，{size / 1e6:.1f} MB，已校验（{pkg.integrity[:20]}…）")
        for name, path in files.items():
            print(f"  {name} -> {path}")
    return status


# --------------------------------------------------------------------------- helpers


def _verify(pkg: NpmPackage, path: Path, *, source: str) -> None:
    actual = integrity_of(path)
    if actual != pkg.integrity:
        raise VendorError(
            f"{source} {path} 不是 {pkg.spec} 的官方包：完整性校验不符。\n"
            f"  期望：{pkg.integrity}\n  实际：{actual}\n"
            f"文件可能下载不完整或被替换。请重新获取（npm pack {pkg.spec}）后再试。"
        )


def _npm_pack(pkg: NpmPackage, cache: Path, npm: str) -> None:
    """Download the tarball into the cache with ``npm pack`` (fails fast when offline)."""
    cache.mkdir(parents=True, exist_ok=True)
    command = [
        npm, "pack", pkg.spec, "--pack-destination", str(cache), "--json",
        "--fetch-retries=1", "--fetch-retry-mintimeout=2000", "--fetch-retry-maxtimeout=10000",
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=_NPM_TIMEOUT_S, check=False)
        detail = (done.stderr or done.stdout).strip()
        ok = done.returncode == 0 and (cache / pkg.tarball_name).is_file()
    except FileNotFoundError:
        ok, detail = False, f"找不到 npm 命令（{npm}）。"
    except subprocess.TimeoutExpired:
        ok, detail = False, f"npm pack 超过 {_NPM_TIMEOUT_S} 秒没有完成。"
    if not ok:
        raise VendorError(_offline_message(pkg, cache, detail))


def _offline_message(pkg: NpmPackage, cache: Path, detail: str) -> str:
    tail = "\n".join(detail.splitlines()[-6:])
    return (
        f"无法取得 {pkg.spec}：缓存里没有 {cache / pkg.tarball_name}，用 npm pack 下载也失败了"
        f"（多半是离线，或 npm 连不上 registry）。\n"
        f"解决办法：在能联网的机器上运行 `npm pack {pkg.spec}`，把得到的 {pkg.tarball_name} 拷到本机，然后\n"
        f"  export {pkg.tarball_env}=/path/to/{pkg.tarball_name}\n"
        f"再重新构建（文件会按固定的完整性哈希校验）；也可以直接把它放进 {cache}/。\n"
        f"npm 的输出：\n{tail}"
    )


def _extract(pkg: NpmPackage, source: Path, target: Path) -> None:
    """Extract only `pkg.files` (never arbitrary paths) and write the manifest last."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{pkg.name}-", dir=target.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; the files are public anyway
    try:
        hashes = {}
        with tarfile.open(source, "r:gz") as archive:
            for name in pkg.files:
                try:
                    member = archive.getmember(f"package/{name}")
                except KeyError:
                    raise VendorError(f"{pkg.spec} 的包里没有 package/{name}；固定的文件列表与版本不符。") from None
                stream = archive.extractfile(member)
                if stream is None:
                    raise VendorError(f"{pkg.spec} 的包里 package/{name} 不是普通文件。")
                data = stream.read()
                out = staging / name
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_bytes(data)
                hashes[name] = hashlib.sha256(data).hexdigest()
        manifest = {"spec": pkg.spec, "integrity": pkg.integrity, "sha256": hashes}
        (staging / _MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        os.replace(staging, target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _verified_extraction(pkg: NpmPackage, target: Path) -> dict[str, Path] | None:
    """The extracted files if they are complete and unchanged since verification, else None."""
    try:
        manifest = json.loads((target / _MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if manifest.get("integrity") != pkg.integrity or set(manifest.get("sha256", {})) != set(pkg.files):
        return None
    files = {}
    for name in pkg.files:
        path = target / name
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != manifest["sha256"][name]:
            return None
        files[name] = path
    return files


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

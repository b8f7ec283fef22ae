"""build_tools.vendor: pinned tarballs are verified, cached, extracted; failures say what to do.

Uses small tarballs made on the spot (never the network): a fake package with a pin
computed from its bytes, and a fake ``npm`` script that either "downloads" it or fails
the way npm does offline.
"""

from __future__ import annotations

import io
import os
import stat
import tarfile
from dataclasses import replace
from pathlib import Path

import pytest

from build_tools import vendor


def make_tarball(path: Path, files: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


@pytest.fixture
def package(tmp_path: Path) -> tuple[vendor.NpmPackage, Path]:
    """A pinned fake package and its tarball (outside the cache)."""
    source = make_tarball(tmp_path / "demo-1.0.0.tgz", {"dist/demo.js": b"console.log(1)", "other.txt": b"x"})
    pkg = vendor.NpmPackage("demo", "1.0.0", vendor.integrity_of(source), ("dist/demo.js",), "DEMO_TARBALL")
    return pkg, source


def fake_npm(tmp_path: Path, *, copy_from: Path | None) -> str:
    """A stand-in for npm: copies the tarball into --pack-destination, or fails like npm offline."""
    script = tmp_path / "npm"
    if copy_from is None:
        body = 'echo "npm error code ENOTFOUND" >&2; echo "npm error network request failed" >&2; exit 1\n'
    else:
        body = f'cp "{copy_from}" "$4/"; echo "[]"\n'
    script.write_text("#!/bin/sh\n" + body)
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


def test_pins_are_the_ones_the_issue_names() -> None:
    assert (vendor.PYODIDE.spec, vendor.MERMAID.spec) == ("pyodide@314.0.7", "mermaid@11.17.2")
    assert vendor.PYODIDE.files == ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
    assert vendor.PYODIDE.integrity.startswith("sha512-0YvXxEhf")
    assert vendor.MERMAID.integrity.startswith("sha512-V6K3C8EB")


def test_fetches_verifies_and_extracts_only_the_listed_files(package, tmp_path: Path) -> None:
    pkg, source = package
    cache = tmp_path / "cache"
    files = vendor.package_files(pkg, cache=cache, npm=fake_npm(tmp_path, copy_from=source))
    assert {name: path.read_bytes() for name, path in files.items()} == {"dist/demo.js": b"console.log(1)"}
    assert sorted(p.name for p in (cache / "demo-1.0.0").rglob("*") if p.is_file()) == [".verified.json", "demo.js"]


def test_second_call_uses_the_cache_without_npm(package, tmp_path: Path) -> None:
    pkg, source = package
    cache = tmp_path / "cache"
    vendor.package_files(pkg, cache=cache, npm=fake_npm(tmp_path, copy_from=source))
    files = vendor.package_files(pkg, cache=cache, npm=str(tmp_path / "no-such-npm"))
    assert files["dist/demo.js"].read_bytes() == b"console.log(1)"


def test_a_changed_extracted_file_is_re_extracted(package, tmp_path: Path) -> None:
    pkg, source = package
    cache = tmp_path / "cache"
    files = vendor.package_files(pkg, cache=cache, npm=fake_npm(tmp_path, copy_from=source))
    files["dist/demo.js"].write_bytes(b"tampered")
    again = vendor.package_files(pkg, cache=cache, npm=str(tmp_path / "no-such-npm"))
    assert again["dist/demo.js"].read_bytes() == b"console.log(1)"


def test_integrity_mismatch_is_refused_and_the_bad_download_removed(package, tmp_path: Path) -> None:
    pkg, source = package
    cache = tmp_path / "cache"
    wrong = replace(pkg, integrity="sha512-" + "A" * 86 + "==")
    with pytest.raises(vendor.VendorError, match="完整性校验不符") as caught:
        vendor.tarball(wrong, cache=cache, npm=fake_npm(tmp_path, copy_from=source))
    assert pkg.integrity in str(caught.value)
    assert not (cache / "demo-1.0.0.tgz").exists()


def test_offline_without_cache_explains_how_to_supply_the_tarball(package, tmp_path: Path) -> None:
    pkg, _ = package
    with pytest.raises(vendor.VendorError) as caught:
        vendor.tarball(pkg, cache=tmp_path / "cache", npm=fake_npm(tmp_path, copy_from=None))
    message = str(caught.value)
    assert "离线" in message
    assert "export DEMO_TARBALL=/path/to/demo-1.0.0.tgz" in message
    assert "npm pack demo@1.0.0" in message
    assert "ENOTFOUND" in message


def test_missing_npm_is_reported(package, tmp_path: Path) -> None:
    pkg, _ = package
    with pytest.raises(vendor.VendorError, match="找不到 npm 命令"):
        vendor.tarball(pkg, cache=tmp_path / "cache", npm=str(tmp_path / "no-such-npm"))


def test_tarball_supplied_by_path_is_verified_and_used(package, tmp_path: Path, monkeypatch) -> None:
    pkg, source = package
    monkeypatch.setenv("DEMO_TARBALL", str(source))
    files = vendor.package_files(pkg, cache=tmp_path / "cache", npm=str(tmp_path / "no-such-npm"))
    assert files["dist/demo.js"].read_bytes() == b"console.log(1)"


def test_tarball_supplied_by_path_with_wrong_content_is_refused(package, tmp_path: Path, monkeypatch) -> None:
    pkg, _ = package
    impostor = make_tarball(tmp_path / "impostor.tgz", {"dist/demo.js": b"evil()"})
    monkeypatch.setenv("DEMO_TARBALL", str(impostor))
    with pytest.raises(vendor.VendorError, match="DEMO_TARBALL"):
        vendor.tarball(pkg, cache=tmp_path / "cache")
    assert impostor.exists()  # a file the user supplied is never deleted


def test_cache_location_follows_the_environment(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(vendor.CACHE_ENV, str(tmp_path / "elsewhere"))
    assert vendor.cache_dir() == tmp_path / "elsewhere"
    monkeypatch.delenv(vendor.CACHE_ENV)
    assert vendor.cache_dir() == Path(os.path.expanduser("~")) / ".cache" / "service-course"

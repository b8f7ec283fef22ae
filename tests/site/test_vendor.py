"""build_tools.site.vendor: pinned tarballs are verified, cached, extracted; failures say what to do.

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

from build_tools.site import vendor


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
    """Pyodide 0.29.5 was picked over 314.0.7 and 314.0.8 on `bench --pyodide-versions` (BENCHMARKS.md)."""
    assert (vendor.PYODIDE.spec, vendor.MERMAID.spec) == ("pyodide@0.29.5", "mermaid@11.17.2")
    assert vendor.PYODIDE.files == ("pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
    assert vendor.PYODIDE.integrity.startswith("sha512-TkYrUv9m")
    assert vendor.MERMAID.integrity.startswith("sha512-V6K3C8EB")


def test_axe_core_is_pinned_for_the_tests_and_not_for_the_site() -> None:
    assert vendor.AXE_CORE.spec == "axe-core@4.14.1"
    assert vendor.AXE_CORE.integrity.startswith("sha512-FHfa+lmN")
    assert vendor.AXE_CORE.files == ("axe.min.js",)
    assert (vendor.AXE_CORE in vendor.TEST_PACKAGES, vendor.AXE_CORE in vendor.PACKAGES) == (True, False)


def _pinned(tmp_path: Path, name: str) -> vendor.NpmPackage:
    """A fake package and its pin, from a tarball made on the spot (copied in by the fake npm)."""
    source = make_tarball(tmp_path / f"{name}-1.0.0.tgz", {"x.js": name.encode()})
    return vendor.NpmPackage(name, "1.0.0", vendor.integrity_of(source), ("x.js",), f"{name.upper().replace('-', '_')}_TARBALL")


@pytest.mark.parametrize(
    ("missing", "status", "word"),
    [
        ("site", 1, "错误"),      # Pyodide or Mermaid missing: nothing can be built
        ("test", 0, "警告"),      # axe-core missing: the site builds; the accessibility test fails by itself
    ],
)
def test_the_vendor_command_checks_the_test_packages_without_blocking_the_site(tmp_path, monkeypatch, capsys, missing, status, word) -> None:
    """CI runs ``python -m build_tools.site.vendor`` once, so the test packages are in it; offline serving needs only the site's."""
    site, test = _pinned(tmp_path, "site-pkg"), _pinned(tmp_path, "test-pkg")
    monkeypatch.setattr(vendor, "PACKAGES", (site,))
    monkeypatch.setattr(vendor, "TEST_PACKAGES", (test,))
    monkeypatch.setenv(vendor.CACHE_ENV, str(tmp_path / "cache"))
    present = test if missing == "site" else site
    vendor.package_files(present, cache=tmp_path / "cache", npm=fake_npm(tmp_path, copy_from=tmp_path / present.tarball_name))
    assert vendor.main(["--check"]) == status
    reported = capsys.readouterr()
    absent = site if missing == "site" else test
    assert reported.err.startswith(word)
    assert absent.spec in reported.err and f"{present.spec}：1 个文件" in reported.out


def test_axe_script_is_the_verified_file_from_the_cache(tmp_path: Path, monkeypatch) -> None:
    source = make_tarball(tmp_path / "axe-core-9.9.9.tgz", {"axe.min.js": b"window.axe = {}"})
    fake = vendor.NpmPackage("axe-core", "9.9.9", vendor.integrity_of(source), ("axe.min.js",), "DEMO_AXE_TARBALL")
    monkeypatch.setattr(vendor, "AXE_CORE", fake)
    path = vendor.axe_script(cache=tmp_path / "cache", npm=fake_npm(tmp_path, copy_from=source))
    assert (path.name, path.read_bytes()) == ("axe.min.js", b"window.axe = {}")
    assert path.is_relative_to(tmp_path / "cache")


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

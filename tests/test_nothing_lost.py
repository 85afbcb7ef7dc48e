"""Nothing lost: linting never touches the files it reads, and what claimlint writes appears whole or not at all."""
from __future__ import annotations

import os
import stat

import pytest

import claimlint.fileio
from claimlint.fileio import atomic_write

CLAIM = "Our stem cells cure diabetes.\n"


def snapshot(root):
    """Every file under ``root``: bytes, modification time and mode."""
    return {p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns, p.stat().st_mode)
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_linting_never_writes_to_linted_files(cli, tmp_path):
    site = tmp_path / "site"
    for name, text in {"a.txt": CLAIM, "b.md": f"# Page\n\n{CLAIM}", "c.html": f"<p>{CLAIM}</p>",
                       "waived.html": f"<!-- claimlint-disable-next-line MSC-CURE -- quoted -->\n<p>{CLAIM}</p>",
                       "latin1.html": "<p>Caf\u00e9: our stem cells cure diabetes.</p>"}.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes(text.encode("latin-1" if name == "latin1.html" else "utf-8"))
    before = snapshot(site)
    for fmt in ("text", "json", "sarif", "github", "junit"):
        assert cli("check", "--format", fmt, "--explain", "--show-suppressed", site).code == 1
    baseline = tmp_path / "baseline.json"
    assert cli("check", "--write-baseline", baseline, site).code == 0
    assert cli("check", "--baseline", baseline, site).code == 0
    assert snapshot(site) == before  # same files, bytes, times and modes: nothing added, changed or touched


def test_interrupted_write_leaves_the_target_as_it_was(tmp_path, monkeypatch):
    target = tmp_path / "baseline.json"
    target.write_text("old\n", encoding="utf-8")

    def interrupted(*_):
        raise KeyboardInterrupt

    monkeypatch.setattr(claimlint.fileio.os, "replace", interrupted)  # Ctrl-C just before the rename
    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, "new\n" * 1000)
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["baseline.json"]  # no temporary file left behind


def test_failed_write_of_a_new_file_leaves_nothing(tmp_path, monkeypatch):
    def disk_full(_):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(claimlint.fileio.os, "fsync", disk_full)
    with pytest.raises(OSError):
        atomic_write(tmp_path / "out" / "report.json", "{}")
    assert list((tmp_path / "out").iterdir()) == []


def test_interrupted_baseline_run_exits_130_and_keeps_the_old_baseline(cli, tmp_path, monkeypatch):
    page = tmp_path / "page.txt"
    page.write_text(CLAIM, encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    baseline.write_text('{"version": 1, "findings": []}\n', encoding="utf-8")

    def interrupted(*_):
        raise KeyboardInterrupt

    monkeypatch.setattr(claimlint.fileio.os, "replace", interrupted)
    run = cli("check", "--write-baseline", baseline, page)
    assert run.code == 130 and "interrupted" in run.err
    assert baseline.read_text(encoding="utf-8") == '{"version": 1, "findings": []}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["baseline.json", "page.txt"]


def test_written_files_get_ordinary_permissions(tmp_path):
    """mkstemp-style private files would surprise CI; an existing file keeps its mode."""
    umask = os.umask(0o022)
    try:
        atomic_write(tmp_path / "new.json", "{}")
        existing = tmp_path / "existing.json"
        existing.write_text("{}", encoding="utf-8")
        existing.chmod(0o640)
        atomic_write(existing, "{}\n")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o644
    assert stat.S_IMODE(existing.stat().st_mode) == 0o640 and existing.read_text(encoding="utf-8") == "{}\n"

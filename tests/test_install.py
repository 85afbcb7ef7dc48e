"""A non-editable install finds the bundled rule packs inside the installed package."""
from __future__ import annotations

import os
import subprocess
import sys

from conftest import ROOT


def test_wheel_install_ships_rule_packs(tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(ROOT)],
                   check=True, capture_output=True)
    assert (target / "claimlint" / "data" / "packs" / "msc-diabetes.yaml").is_file()
    # The html report's template, stylesheet and script are package data.
    assert all((target / "claimlint" / "formats" / "report" / "assets" / name).is_file() for name in ("report.html", "report.css", "report.js"))
    env = {**os.environ, "PYTHONPATH": str(target)}
    code = ("import claimlint.packs.files as p, claimlint.packs.ruleset as r; "
            "print(p.builtin_packs_dir()); print(len(r.load_ruleset().all_rules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, check=True, capture_output=True, text=True).stdout
    packs_dir, count = out.split()
    assert packs_dir.startswith(str(target)) and int(count) >= 4

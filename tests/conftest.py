from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
HONEST_SEED = SEEDS / "000_6f8d5e8716c15d39.txt"
MARKETING_SEED = SEEDS / "004_f7fa867297915fdc.txt"


@pytest.fixture(scope="session")
def linter():
    from claimlint import Linter

    return Linter()


@pytest.fixture(scope="session")
def seeds() -> Path:
    if not (HONEST_SEED.is_file() and MARKETING_SEED.is_file()):
        pytest.skip("source material (../shared/seeds) is not beside this checkout")
    return SEEDS


class Run:
    def __init__(self, result):
        self.code = result.exit_code
        self.out = result.stdout
        self.err = result.stderr
        self.exception = result.exception


@pytest.fixture
def cli():
    """Run the claimlint command in-process; returns exit code, stdout and stderr."""
    from claimlint.cli import main

    def run(*args: str, input: str | bytes | None = None) -> Run:
        result = CliRunner().invoke(main, [str(a) for a in args], input=input)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Run(result)

    return run

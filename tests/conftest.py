"""Shared fixtures: the repository root and a way to load a notebook's functions."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from pokemon_ml.grading.progress import load_function

ROOT = Path(__file__).resolve().parents[1]


def notebook_functions(relative_path: str, *names: str) -> SimpleNamespace:
    """Import a notebook file and return the named top-level functions."""
    return SimpleNamespace(**{name: load_function(ROOT / relative_path, name) for name in names})


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT

"""Old module paths, kept working after the package was laid out by stage.

Notebooks written before the layout change import, say, ``pokemon_ml.schemas``;
that module now lives at ``pokemon_ml.data.schemas``. ``alias_moved_modules``
registers each old name as another name for the new module, so such imports
keep working and return the very same module. New code uses the new paths.
"""

from __future__ import annotations

import importlib
import sys

__all__ = ["MOVED", "alias_moved_modules"]

MOVED = {
    "pokemon_ml.generate": "pokemon_ml.data.generate",
    "pokemon_ml.messy": "pokemon_ml.data.messy",
    "pokemon_ml.datasets": "pokemon_ml.data.datasets",
    "pokemon_ml.schemas": "pokemon_ml.data.schemas",
    "pokemon_ml.benchmark": "pokemon_ml.data.benchmark",
    "pokemon_ml.calling": "pokemon_ml.grading.calling",
    "pokemon_ml.frames": "pokemon_ml.grading.frames",
    "pokemon_ml.progress": "pokemon_ml.grading.progress",
    "pokemon_ml.checks_data_engineering": "pokemon_ml.grading.checks.m01_exercises",
    "pokemon_ml.checks_data_drop": "pokemon_ml.grading.checks.m01_checkpoint",
    "pokemon_ml.notebook": "pokemon_ml.grading.notebook",
}
NEEDS_MARIMO = {"pokemon_ml.grading.notebook"}  # aliased only where marimo is already loaded


def alias_moved_modules() -> None:
    """Make every old path in ``MOVED`` import the module at its new path."""
    for old, new in MOVED.items():
        if new in NEEDS_MARIMO and sys.modules.get("marimo") is None:
            continue  # the package must import without marimo (scripts, pytest, the service)
        module = sys.modules.setdefault(old, importlib.import_module(new))
        package, _, name = old.rpartition(".")
        setattr(sys.modules[package], name, module)  # so `pokemon_ml.schemas` resolves too

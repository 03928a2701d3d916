"""The package's dependencies point one way, as CURRICULUM.md lays them out:

    data ← features ← training ← evaluation ← serving / monitoring

A later stage may import an earlier one, never the reverse; no stage imports the
course machinery (``grading``); ``cli`` and the package's ``__init__`` may import
anything; only the notebook renderer imports marimo. The rules are checked on the
real source, and the checker is proven to catch each kind of wrong edge.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import pokemon_ml

PACKAGE = Path(pokemon_ml.__file__).parent
STAGE_ORDER = {"data": 0, "features": 1, "training": 2, "evaluation": 3, "serving": 4}
STAGE_ORDER["monitoring"] = 4
MARIMO_ALLOWED = {"pokemon_ml.grading.notebook"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module ``path`` imports (the package uses absolute imports only)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path.name}: use an absolute import, as a learner would"
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def area(module: str) -> str | None:
    """The stage or machinery a ``pokemon_ml`` module belongs to (None: the package root)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def violations(edges: dict[str, set[str]]) -> list[str]:
    """The imports among ``edges`` (module -> what it imports) that break the rules."""
    wrong = []
    for source, targets in edges.items():
        source_area = area(source)
        for target in sorted(targets):
            if target.split(".")[0] == "marimo" and source not in MARIMO_ALLOWED:
                wrong.append(f"{source} imports marimo (only {sorted(MARIMO_ALLOWED)} may)")
            if not target.startswith("pokemon_ml.") or source_area in (None, "cli", "_moved"):
                continue
            target_area = area(target)
            if source_area in STAGE_ORDER and target_area == "grading":
                wrong.append(f"{source} (a stage) imports the course machinery {target}")
            elif source_area in STAGE_ORDER and target_area in STAGE_ORDER:
                if STAGE_ORDER[target_area] > STAGE_ORDER[source_area] or (
                    STAGE_ORDER[target_area] == STAGE_ORDER[source_area]
                    and target_area != source_area
                ):
                    wrong.append(f"{source} imports a later stage: {target}")
            elif source_area in STAGE_ORDER and target_area == "cli":
                wrong.append(f"{source} imports the command line {target}")
    return wrong


def package_edges() -> dict[str, set[str]]:
    return {module_name(path): imports_of(path) for path in sorted(PACKAGE.rglob("*.py"))}


def test_the_package_has_its_stage_layout() -> None:
    assert (PACKAGE / "data").is_dir() and (PACKAGE / "grading" / "checks").is_dir()
    top_level = {path.stem for path in PACKAGE.glob("*.py")}
    assert top_level == {"__init__", "cli", "_moved"}, "new modules belong in a stage folder"


def test_dependencies_point_one_way() -> None:
    edges = package_edges()
    assert len(edges) > 15  # the walk really found the package
    assert violations(edges) == []


@pytest.mark.parametrize(
    "edge, fragment",
    [
        (("pokemon_ml.data.schemas", "pokemon_ml.grading.registry"), "course machinery"),
        (("pokemon_ml.data.messy", "pokemon_ml.features.pipeline"), "later stage"),
        (("pokemon_ml.serving.app", "pokemon_ml.monitoring.drift"), "later stage"),
        (("pokemon_ml.grading.registry", "marimo"), "imports marimo"),
        (("pokemon_ml.training.stages", "pokemon_ml.cli"), "command line"),
    ],
)
def test_the_checker_catches_each_wrong_direction(edge, fragment: str) -> None:
    source, target = edge
    found = violations({source: {target}})
    assert len(found) == 1 and fragment in found[0]


@pytest.mark.parametrize(
    "source, target",
    [
        ("pokemon_ml.serving.app", "pokemon_ml.features.pipeline"),
        ("pokemon_ml.grading.checks.m01_exercises", "pokemon_ml.data.messy"),
        ("pokemon_ml.cli", "pokemon_ml.grading.progress"),
        ("pokemon_ml.grading.notebook", "marimo"),
    ],
)
def test_the_checker_allows_the_right_directions(source: str, target: str) -> None:
    assert violations({source: {target}}) == []


@pytest.mark.parametrize("old, new", sorted(pokemon_ml._moved.MOVED.items()))
def test_old_module_paths_still_import(old: str, new: str) -> None:
    import importlib
    import sys

    if new == "pokemon_ml.grading.notebook":
        importlib.import_module("marimo")
        pokemon_ml._moved.alias_moved_modules()
    assert importlib.import_module(old) is sys.modules[new]

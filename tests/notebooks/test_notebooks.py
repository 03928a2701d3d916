"""Every notebook in the repository runs headless, passes `marimo check`, and
carries a PEP 723 header that agrees with pyproject.toml (so `uvx marimo edit`
in a sandbox installs the same packages as `uv run marimo edit`)."""

from __future__ import annotations

import ast
import importlib.util
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.conftest import _committed_text, learner_notebooks, pristine_copy

ROOT = Path(__file__).resolve().parents[2]
# The capstone's plain modules (the learner's production code), imported by its notebooks.
CAPSTONE_MODULES = ("card_price", "price_service")
NOTEBOOKS = sorted(
    [
        *ROOT.glob("[0-9][0-9]_*.py"),
        *ROOT.glob("exercises/**/*.py"),
        *ROOT.glob("checkpoints/**/*.py"),
        *(p for p in ROOT.glob("capstone/**/*.py") if p.stem not in CAPSTONE_MODULES),
    ]
)
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
# import name -> distribution name, for what notebooks may import
DISTRIBUTIONS = {
    "marimo": "marimo",
    "numpy": "numpy",
    "pandas": "pandas",
    "polars": "polars",
    "pyarrow": "pyarrow",
    "pandera": "pandera",
    "sklearn": "scikit-learn",
    "xgboost": "xgboost-cpu",
    "fastapi": "fastapi",
    "pydantic": "pydantic",
    "scipy": "scipy",
    "uvicorn": "uvicorn",
    "matplotlib": "matplotlib",
    "seaborn": "seaborn",
    "pokemon_ml": "pokemon-ml",
}
HEADER = re.compile(r"(?m)^# /// script$\s(?P<content>(^#(| .*)$\s)+)^# ///$")


def relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


def as_shipped(notebook: Path) -> Path:
    """The notebook as the course ships it: a learner's exercise file is read as its
    pristine copy (exercise bodies back to their stubs), so a learner's work in
    progress never fails the course's own proofs; a capstone notebook (the learner
    fills its slides) as committed, beside pristine copies of the modules it imports."""
    if relative(notebook) in learner_notebooks():
        return pristine_copy(relative(notebook))
    if relative(notebook).startswith("capstone/") and "solution" not in notebook.parts:
        modules = [pristine_copy(f"capstone/{name}.py") for name in CAPSTONE_MODULES]
        copy = modules[0].parent / notebook.name
        copy.write_text(_committed_text(relative(notebook)) or notebook.read_text())
        return copy
    return notebook


def test_the_course_has_its_notebooks() -> None:
    names = {relative(p) for p in NOTEBOOKS}
    assert {
        "01_data_engineering.py",
        "exercises/01_data_engineering.py",
        "exercises/solutions/01_data_engineering.py",
        "checkpoints/01_new_pokemon_data_drop.py",
        "checkpoints/solutions/01_new_pokemon_data_drop.py",
    } <= names


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=relative)
def test_notebook_runs_headless(notebook: Path) -> None:
    notebook = as_shipped(notebook)
    spec = importlib.util.spec_from_file_location(
        f"_nb_{notebook.stem}_{abs(hash(notebook))}", notebook
    )
    module = importlib.util.module_from_spec(spec)
    # What `marimo edit` does: the notebook's folder first on the path, so `import
    # card_price` finds the module beside it (and not one another notebook imported).
    sys.path.insert(0, str(notebook.parent))
    for name in CAPSTONE_MODULES:
        sys.modules.pop(name, None)
    try:
        spec.loader.exec_module(module)
        module.app.run()  # re-raises the first exception any cell raises
    finally:
        sys.path.remove(str(notebook.parent))
        for name in CAPSTONE_MODULES:
            sys.modules.pop(name, None)


def test_marimo_check_is_clean() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "marimo", "check", *(str(as_shipped(nb)) for nb in NOTEBOOKS)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def script_metadata(notebook: Path) -> dict:
    match = HEADER.search(as_shipped(notebook).read_text())
    assert match, f"{relative(notebook)} has no PEP 723 header"
    lines = match.group("content").splitlines(keepends=True)
    return tomllib.loads("".join(line[2:] if line.startswith("# ") else line[1:] for line in lines))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=relative)
def test_header_agrees_with_pyproject(notebook: Path) -> None:
    metadata = script_metadata(notebook)
    assert metadata["requires-python"] == PYPROJECT["project"]["requires-python"]
    project_dependencies = {
        dep.split(";")[0].strip() for dep in PYPROJECT["project"]["dependencies"]
    }
    listed = metadata["dependencies"]
    for dependency in listed:
        if dependency != "pokemon-ml":
            assert dependency in project_dependencies, f"{dependency} differs from pyproject.toml"
    source = metadata["tool"]["uv"]["sources"]["pokemon-ml"]
    assert (notebook.parent / source["path"]).resolve() == ROOT and source["editable"] is True


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=relative)
def test_header_lists_every_package_the_notebook_imports(notebook: Path) -> None:
    listed = {
        dep.split(">")[0].split("=")[0].split("<")[0].strip()
        for dep in script_metadata(notebook)["dependencies"]
    }
    imported = set()
    for node in ast.walk(ast.parse(as_shipped(notebook).read_text())):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            imported.add(node.module.split(".")[0])
    beside = {name for name in imported if (notebook.parent / f"{name}.py").is_file()}
    third_party = {name for name in imported if name not in sys.stdlib_module_names} - beside
    unknown = third_party - DISTRIBUTIONS.keys()
    assert not unknown, f"add {unknown} to DISTRIBUTIONS and pyproject.toml"
    missing = {DISTRIBUTIONS[name] for name in third_party} - listed
    assert not missing, f"{relative(notebook)} imports {missing} but its header does not list them"


def test_notebooks_run_their_cells_on_open() -> None:
    assert PYPROJECT["tool"]["marimo"]["runtime"]["auto_instantiate"] is True

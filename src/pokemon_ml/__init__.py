"""pokemon_ml — the helper package of the Professional ML Engineering Onboarding course.

What the notebooks would otherwise repeat, and nothing more. It is laid out the way
the course teaches an ML project: one subpackage per pipeline stage, the course's own
machinery beside them.

``data``     generate, damage, write, verify and load the data; the pandera schema
``grading``  ``check()`` and its registry, the sandboxed worker, progress, the
             notebook renderer; ``grading.checks`` holds one module per notebook
``cli``      the ``pokemon-ml`` command

Dependencies point one way: a later stage may import an earlier one, no stage
imports ``grading``, and only ``grading.notebook`` imports marimo. Notebooks import
this package; it never imports a notebook.
"""

from pokemon_ml.data.datasets import (
    DATASETS,
    build_datasets,
    data_dir,
    file_sha256,
    frame_sha256,
    load_dataset,
    load_pokemon,
    verify_datasets,
    write_datasets,
)
from pokemon_ml.data.generate import (
    DEFAULT_ROWS,
    DEFAULT_SEED,
    STAT_COLUMNS,
    TYPES,
    generate_pokemon,
)
from pokemon_ml.data.schemas import ISSUE_KINDS, POKEMON_SCHEMA, describe_schema, validate
from pokemon_ml.grading import CheckResult, check, exercises, get_exercise

__all__ = [
    "DATASETS",
    "DEFAULT_ROWS",
    "DEFAULT_SEED",
    "ISSUE_KINDS",
    "POKEMON_SCHEMA",
    "STAT_COLUMNS",
    "TYPES",
    "CheckResult",
    "build_datasets",
    "check",
    "data_dir",
    "describe_schema",
    "exercises",
    "file_sha256",
    "frame_sha256",
    "generate_pokemon",
    "get_exercise",
    "load_dataset",
    "load_pokemon",
    "validate",
    "verify_datasets",
    "write_datasets",
]

from pokemon_ml._moved import alias_moved_modules  # noqa: E402 - after the package is built

alias_moved_modules()

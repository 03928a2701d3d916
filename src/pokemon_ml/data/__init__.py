"""The data stage: generate the synthetic creatures, damage them realistically,
write and verify the files, and the pandera contract they must meet.

``generate``  the clean table and its latent structure
``messy``     realistic damage with an answer key (the messy file of exercise 1.2)
``drops``     the partner team's new data drop, planted from a plan (checkpoint C1)
``export``    the analytics export with three ways to leak the label (Module 2)
``cards``     the capstone's card listings with prices (``card_drops``: drops to validate)
``churn``     accounts, usage and tickets to join; problems and facts planted (exam 1),
              from ``churn_contract`` (the contract and the planted facts),
              ``churn_sources`` (the latent model: clean sources), ``churn_damage``
              (where each kind of problem may go) and ``churn_drops`` (planting them)
``credit``    loan applications over three years, a rate shock, leaks and a cost matrix (exam 2)
``datasets``  writing, hashing, verifying and loading the files
``schemas``   ``POKEMON_SCHEMA`` and the vocabulary of issue kinds
``benchmark`` pandas against polars on the same work (Module 1)
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

__all__ = [
    "DATASETS",
    "DEFAULT_ROWS",
    "DEFAULT_SEED",
    "ISSUE_KINDS",
    "POKEMON_SCHEMA",
    "STAT_COLUMNS",
    "TYPES",
    "build_datasets",
    "data_dir",
    "describe_schema",
    "file_sha256",
    "frame_sha256",
    "generate_pokemon",
    "load_dataset",
    "load_pokemon",
    "validate",
    "verify_datasets",
    "write_datasets",
]

"""The analytics team's export: the same creatures, and three ways to leak the label.

Module 2's leakage lesson needs data where a careless pipeline scores far too well.
``make_export`` takes the clean table and adds what a real export often carries:

* ``sprite_color`` — the colour the app draws a creature in. It is *derived from
  the label* (fire is red, water blue…), with a few rows recoloured by hand. A model
  that uses it learns the answer, not the creature: the ≈99% score.
* ``trainer_id`` — who caught it: about two creatures per trainer, assigned at
  random, so it carries no information about the type. Target-encode it on *all*
  rows (each trainer's share of each type, the row's own label included) and it
  seems to carry a lot: a large leak that vanishes when the encoding is fitted on
  training rows only.
* duplicated rows — the export job ran twice for some pages. A random split puts
  copies of a creature on both sides, so a model that memorises rows looks better
  than it is; split by ``id`` and the effect disappears.

The answer key says which columns leak and which ids are duplicated.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from pokemon_ml.data.generate import TYPES

__all__ = ["SPRITE_COLORS", "make_export"]

SPRITE_COLORS = dict(zip(TYPES, ("red", "blue", "green", "yellow", "brown", "pink"), strict=True))
RECOLOURED_SHARE = 0.03  # rows whose colour was changed by hand (so it is not *exactly* the label)
CREATURES_PER_TRAINER = 2  # on average; small groups make target encoding leak hard
DUPLICATED_SHARE = 0.10  # rows the export wrote twice


def make_export(clean: pl.DataFrame, seed: int) -> tuple[pl.DataFrame, dict]:
    """Add the export's leaky columns and duplicated rows to the clean table.

    Args:
        clean: the table from ``generate_pokemon``.
        seed: seed for trainers, recolouring and duplication.

    Returns:
        ``(export, answer_key)``: the export (the clean columns, then ``trainer_id``
        and ``sprite_color``; rows shuffled, duplicates included) and a dict naming
        the label-derived column, the column whose target encoding leaks, and the
        duplicated ids.
    """
    rng = np.random.default_rng([seed, 4])
    n_rows = clean.height
    n_trainers = max(1, n_rows // CREATURES_PER_TRAINER)
    trainer = rng.integers(1, n_trainers + 1, size=n_rows)
    colors = np.array([SPRITE_COLORS[t] for t in clean["primary_type"].to_list()], dtype=object)
    recoloured = rng.random(n_rows) < RECOLOURED_SHARE
    colors[recoloured] = rng.choice(list(SPRITE_COLORS.values()), size=int(recoloured.sum()))
    export = clean.with_columns(
        pl.Series("trainer_id", [f"TR-{t:04d}" for t in trainer]),
        pl.Series("sprite_color", colors.tolist(), dtype=pl.String),
    )
    duplicated = np.sort(rng.choice(n_rows, size=round(DUPLICATED_SHARE * n_rows), replace=False))
    export = pl.concat([export, export[duplicated]])
    export = export[rng.permutation(export.height)]
    answer_key = {
        "label_derived_column": "sprite_color",
        "target_encoding_leak_column": "trainer_id",
        "n_duplicated_rows": int(len(duplicated)),
        "duplicated_ids": [int(i) for i in clean["id"].to_numpy()[duplicated]],
    }
    return export, answer_key

"""The export data set plants exactly the leaks its answer key names."""

from __future__ import annotations

import polars as pl

from pokemon_ml import generate_pokemon
from pokemon_ml.data.export import SPRITE_COLORS, make_export


def test_the_export_is_the_clean_table_plus_leaky_columns_and_copies() -> None:
    clean = generate_pokemon(600, 3)
    export, key = make_export(clean, 3)
    assert export.columns == [*clean.columns, "trainer_id", "sprite_color"]
    assert export.height == clean.height + key["n_duplicated_rows"]
    repeated = export.group_by("id").len().filter(pl.col("len") > 1)["id"].sort().to_list()
    assert repeated == sorted(key["duplicated_ids"])
    originals = export.unique(subset="id").sort("id").select(clean.columns)
    assert originals.equals(clean)


def test_sprite_color_is_derived_from_the_label_and_trainers_are_not() -> None:
    export, key = make_export(generate_pokemon(1_500, 42), 42)
    assert key["label_derived_column"] == "sprite_color"
    agrees = (export["sprite_color"] == export["primary_type"].replace_strict(SPRITE_COLORS)).mean()
    assert 0.95 < agrees < 1.0  # derived from the label, recoloured by hand in a few rows
    per_trainer = export.group_by("trainer_id").len()["len"]
    assert 1.5 < per_trainer.mean() < 3.5  # small groups: their target encoding leaks


def test_the_same_seed_gives_the_same_export() -> None:
    clean = generate_pokemon(300, 9)
    assert make_export(clean, 9)[0].equals(make_export(clean, 9)[0])
    assert not make_export(clean, 9)[0].equals(make_export(clean, 10)[0])

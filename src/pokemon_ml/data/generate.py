"""Generate the clean synthetic Pokémon table.

The data has a story a model can learn, and that a careless model gets wrong:

* A creature's **primary type** sets the *proportions* of its six battle stats
  (rock is all defense, electric all speed) and its body *density*
  (weight ∝ density × height³).
* Its **evolution stage**, **legendary** status and **generation** set the overall
  *scale* of those stats and of its body.

So the raw columns mix "what kind of creature" with "how big and strong", and a
model on raw columns confuses a small rock with a large grass creature. Features
that remove the scale (each stat relative to the creature's own average, weight
relative to height³) separate the types far better — which is what Module 2 asks
the learner to discover.

Everything random flows from one `numpy.random.Generator` seeded by `seed`, and
every value is rounded to the precision it is stored with, so the same seed gives
the same table on any machine.
"""

from __future__ import annotations

import numpy as np
import polars as pl

__all__ = [
    "DEFAULT_ROWS",
    "DEFAULT_SEED",
    "STAT_COLUMNS",
    "TYPES",
    "generate_pokemon",
]

DEFAULT_SEED = 42
DEFAULT_ROWS = 1_500

TYPES = ("fire", "water", "grass", "electric", "rock", "psychic")
TYPE_SHARES = (0.16, 0.22, 0.18, 0.14, 0.15, 0.15)  # fraction of creatures per type
STAT_COLUMNS = ("hp", "attack", "defense", "sp_attack", "sp_defense", "speed")

# Stat proportions per type, in the order of STAT_COLUMNS (1.0 = average).
STAT_PROFILES = np.array(
    [
        [0.90, 1.15, 0.85, 1.20, 0.90, 1.10],  # fire
        [1.15, 0.95, 1.05, 1.00, 1.05, 0.90],  # water
        [1.05, 0.95, 1.00, 1.10, 1.10, 0.85],  # grass
        [0.85, 0.95, 0.80, 1.15, 0.95, 1.35],  # electric
        [1.00, 1.15, 1.35, 0.75, 0.85, 0.70],  # rock
        [0.90, 0.75, 0.85, 1.35, 1.20, 1.05],  # psychic
    ]
)
# Body density per type: weight_kg ≈ DENSITY_KG_PER_M3 × density × height_m³.
TYPE_DENSITY = np.array([0.9, 1.1, 0.8, 0.6, 3.0, 0.5])
DENSITY_KG_PER_M3 = 60.0

BASE_STAT = 48.0  # an unevolved, non-legendary generation-1 creature's typical stat
STAGE_GROWTH = 1.35  # stats grow ×1.35 per evolution stage
LEGENDARY_BOOST = 1.6  # legendaries are ×1.6 stronger
POWER_CREEP = 0.03  # each later generation is 3% stronger ("power creep")
LEGENDARY_SHARE = 0.06  # rare on purpose: the class imbalance of Module 4
SECONDARY_SHARE = 0.35  # fraction of creatures with a secondary type
SECONDARY_BLEND = 0.15  # how much a secondary type tilts the stat profile

SCALE_NOISE = 0.20  # log-sd of a creature's overall strength
STAT_NOISE = 0.18  # log-sd of each stat around its profile
HEIGHT_NOISE = 0.30  # log-sd of height around its stage's typical height
DENSITY_NOISE = 0.15  # log-sd of density around its type's density
N_GENERATIONS = 8
MAX_HEIGHT_M = 15.0  # the schema allows up to 20 m; nothing real is taller
MAX_WEIGHT_KG = 9_999.9  # the schema allows up to 10 t
SYLLABLES = (
    "pi ka chu bul ba sau char man der squi tle ta ge ron mew two zu bat ody "
    "vul pix ee vee sno lax dra tin ite gya ra lap ras dit to jolt on fla reon "
    "gar dos mag ne lit kra bby ony x geo dude rhy don"
).split()


def generate_pokemon(n_rows: int = DEFAULT_ROWS, seed: int = DEFAULT_SEED) -> pl.DataFrame:
    """Generate the clean Pokémon table.

    Args:
        n_rows: number of creatures (rows). 1,000,000 rows take about a second.
        seed: seed of the random generator; the same seed gives the same table.

    Returns:
        A polars DataFrame with one row per creature: id, name, primary_type,
        secondary_type (null for single-typed creatures), generation,
        evolution_stage, the six stats, height_m, weight_kg, capture_rate and
        is_legendary. Every value passes ``pokemon_ml.POKEMON_SCHEMA``.
    """
    if n_rows < 1:
        raise ValueError(f"n_rows must be at least 1, got {n_rows}")
    rng = np.random.default_rng(seed)

    type_idx = rng.choice(len(TYPES), size=n_rows, p=TYPE_SHARES)
    is_legendary = rng.random(n_rows) < LEGENDARY_SHARE
    stage = rng.choice([1, 2, 3], size=n_rows, p=[0.45, 0.35, 0.20])
    stage[is_legendary] = 1  # legendaries do not evolve
    generation = rng.integers(1, N_GENERATIONS + 1, size=n_rows)

    has_secondary = rng.random(n_rows) < SECONDARY_SHARE
    # A different type than the primary: shift by 1..5 places around the ring.
    secondary_idx = (type_idx + rng.integers(1, len(TYPES), size=n_rows)) % len(TYPES)

    profile = STAT_PROFILES[type_idx]
    profile = np.where(
        has_secondary[:, None],
        (1 - SECONDARY_BLEND) * profile + SECONDARY_BLEND * STAT_PROFILES[secondary_idx],
        profile,
    )
    scale = (
        BASE_STAT
        * STAGE_GROWTH ** (stage - 1)
        * np.where(is_legendary, LEGENDARY_BOOST, 1.0)
        * (1 + POWER_CREEP * (generation - 1))
        * np.exp(rng.normal(0, SCALE_NOISE, n_rows))
    )
    stats = scale[:, None] * profile * np.exp(rng.normal(0, STAT_NOISE, (n_rows, 6)))
    stats = np.clip(np.rint(stats), 1, 255).astype(np.int64)

    typical_height = 0.5 * 1.6 ** (stage - 1) * np.where(is_legendary, 2.5, 1.0)
    height_m = typical_height * np.exp(rng.normal(0, HEIGHT_NOISE, n_rows))
    height_m = np.clip(np.round(height_m, 2), 0.1, MAX_HEIGHT_M)
    density = TYPE_DENSITY[type_idx] * np.exp(rng.normal(0, DENSITY_NOISE, n_rows))
    weight_kg = np.clip(np.round(DENSITY_KG_PER_M3 * density * height_m**3, 1), 0.1, MAX_WEIGHT_KG)

    # Strong creatures are hard to catch: capture rate falls with total stats.
    base_total = stats.sum(axis=1)
    capture_rate = 255 * np.exp(-(base_total - 180) / 220) * np.exp(rng.normal(0, 0.25, n_rows))
    capture_rate = np.where(is_legendary, rng.choice([3, 45], size=n_rows), capture_rate)
    capture_rate = np.clip(np.rint(capture_rate), 3, 255).astype(np.int64)

    names = _names(rng, n_rows)
    types = np.array(TYPES)
    return pl.DataFrame(
        {
            "id": np.arange(1, n_rows + 1, dtype=np.int64),
            "name": names,
            "primary_type": types[type_idx],
            "secondary_type": pl.Series(types[secondary_idx]).set(pl.Series(~has_secondary), None),
            "generation": generation.astype(np.int64),
            "evolution_stage": stage.astype(np.int64),
            **{column: stats[:, i] for i, column in enumerate(STAT_COLUMNS)},
            "height_m": height_m,
            "weight_kg": weight_kg,
            "capture_rate": capture_rate,
            "is_legendary": is_legendary,
        }
    )


def _names(rng: np.random.Generator, n_rows: int) -> pl.Series:
    """Pronounceable made-up names from two or three syllables, capitalised."""
    syllables = pl.Series(SYLLABLES)
    picks = rng.integers(0, len(SYLLABLES), size=(3, n_rows))
    n_syllables = rng.integers(2, 4, size=n_rows)
    parts = [syllables.gather(picks[i]) for i in range(3)]
    third = pl.Series(np.where(n_syllables == 3, 1, 0)).cast(pl.Boolean)
    frame = pl.DataFrame({"a": parts[0], "b": parts[1], "c": parts[2], "three": third})
    return frame.select(
        pl.concat_str(
            pl.col("a").str.to_titlecase(),
            pl.col("b"),
            pl.when(pl.col("three")).then(pl.col("c")).otherwise(pl.lit("")),
        ).alias("name")
    ).to_series()

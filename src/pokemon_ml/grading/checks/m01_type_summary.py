"""What exercise 1.3 compares: the slow reference, the tables it is graded on, and
feedback that names the real difference between two summaries.

The tables differ on purpose: two ordinary ones, two where primary types tie on
``n_pokemon`` (so the brief's tie-break decides the order), and fresh tables for
timing that no one, the learner's code included, has seen before the check runs.
"""

from __future__ import annotations

import secrets

import numpy as np
import pandas as pd

from pokemon_ml.data.generate import STAT_COLUMNS, generate_pokemon
from pokemon_ml.grading.calling import WrongAnswer
from pokemon_ml.grading.frames import compare_frames

__all__ = ["fresh_tables", "same_summary", "slow_type_summary", "tied_table"]

SUMMARY_ORDER = "by n_pokemon (largest first), then by primary_type (A to Z),"
# Creatures per type in the tied tables. Each type first appears in reverse alphabetical
# order, so ordering ties by first appearance (or not at all) gives another order.
TIED_COUNTS = (
    {"water": 60, "rock": 60, "fire": 60, "psychic": 45, "grass": 45, "electric": 30},
    {"water": 40, "rock": 40, "psychic": 40, "grass": 40, "fire": 40, "electric": 40},
)


def slow_type_summary(df: pd.DataFrame) -> pd.DataFrame:
    """One row per primary type: how many, how strong, how fast, how legendary.

    The slow version that exercise 1.3 asks you to speed up. It is correct; it is
    slow because ``apply(axis=1)`` calls a Python function once per row, and the
    loop filters the whole table once per type. ``STAT_COLUMNS`` is the six battle
    stats: ``("hp", "attack", "defense", "sp_attack", "sp_defense", "speed")``.
    """
    df = df.copy()
    df["base_total"] = df.apply(lambda row: sum(row[stat] for stat in STAT_COLUMNS), axis=1)
    rows = []
    for primary_type in df["primary_type"].unique():
        group = df[df["primary_type"] == primary_type]
        rows.append(
            {
                "primary_type": primary_type,
                "n_pokemon": len(group),
                "mean_base_total": group["base_total"].mean(),
                "max_speed": group["speed"].max(),
                "legendary_share": group["is_legendary"].mean(),
            }
        )
    summary = pd.DataFrame(rows)
    summary = summary.sort_values(["n_pokemon", "primary_type"], ascending=[False, True])
    return summary.reset_index(drop=True)


def tied_table(variant: int, seed: int = 5) -> pd.DataFrame:
    """A clean table whose type counts are ``TIED_COUNTS[variant]``: ties on purpose.

    Args:
        variant: which row of ``TIED_COUNTS``.
        seed: seed of the creatures and of the order of rows.
    """
    counts = TIED_COUNTS[variant]
    pool = generate_pokemon(4_000, seed).to_pandas()
    groups = {t: pool[pool["primary_type"] == t].head(n) for t, n in counts.items()}
    firsts = pd.concat([groups[t].head(1) for t in sorted(groups, reverse=True)])
    rest = pd.concat([group.iloc[1:] for group in groups.values()])
    table = pd.concat([firsts, rest.sample(frac=1, random_state=seed)], ignore_index=True)
    return table.assign(id=np.arange(1, len(table) + 1))


def fresh_tables(n_tables: int, n_rows: int) -> list[pd.DataFrame]:
    """Tables from seeds drawn now, from the operating system: unseen, unguessable.

    A cache, however it is keyed, cannot have their answers, whether it was filled
    by an earlier call, an earlier run of the check, or by reading this source.
    """
    return [generate_pokemon(n_rows, secrets.randbelow(2**32)).to_pandas() for _ in range(n_tables)]


def same_summary(expected: pd.DataFrame, got: pd.DataFrame, where: str) -> None:
    """Raise ``WrongAnswer`` (prefixed with ``where``) unless ``got`` is ``expected``."""
    if "primary_type" not in got.columns and got.index.name == "primary_type":
        raise WrongAnswer("primary_type is your index, not a column: call `reset_index()` on it.")
    got = got.reset_index(drop=True)
    try:
        compare_frames(expected, got, key="primary_type", order=SUMMARY_ORDER)
    except WrongAnswer as wrong:
        raise WrongAnswer(f"On {where}: {_tie_feedback(expected, got) or wrong}") from None


def _tie_feedback(expected: pd.DataFrame, got: pd.DataFrame) -> str | None:
    """If the rows are right and only types with the same count are out of order, say so."""
    try:
        by_type = [frame.sort_values("primary_type") for frame in (expected, got)]
        compare_frames(*(frame.reset_index(drop=True) for frame in by_type), key="primary_type")
    except (WrongAnswer, KeyError, TypeError):
        return None  # not only the order differs: compare_frames' feedback names what does
    mismatch = np.flatnonzero(got["primary_type"].to_numpy() != expected["primary_type"].to_numpy())
    row = int(mismatch[0])
    count = expected["n_pokemon"].iloc[row]
    if got["n_pokemon"].iloc[row] != count:
        return None
    tied = [str(t) for t in got.loc[got["n_pokemon"] == count, "primary_type"]]
    return (
        f"the rows are right, but types with the same n_pokemon are in another order: "
        f"{', '.join(tied)} all have {count}, and row {row} holds "
        f"{str(got['primary_type'].iloc[row])!r} where "
        f"{str(expected['primary_type'].iloc[row])!r} is expected. Break ties the way the "
        "brief says."
    )

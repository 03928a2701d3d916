"""Error analysis: every misclassification, put into one category that says what to do.

Reading errors one by one does not scale and reading only the accuracy hides them.
The middle way is a *fixed taxonomy*: a short, ordered list of causes, each defined
by a rule you can compute from the error's row, each with a next step. Count the
errors per category and the biggest count tells you where the next week goes.

The course's taxonomy (``TAXONOMY``), in the order the rules are tried — the first
that holds is the category, because each is more actionable than the next:

``out_of_range``   an input outside the range the data contract allows (``VALID_RANGES``)
``secondary_type`` the model predicted the creature's recorded *secondary* type
``suspect_label``  the model is very sure (confidence ≥ 0.90) of another type
``close_call``     the true type was nearly chosen (confidence − its probability < 0.10)
``other``          none of these

``make_error_set`` builds a set of errors with planted causes (heights recorded in
centimetres, primary and secondary types swapped, types recorded wrongly) and its
answer key: exercise 4.2's graded data.
"""

from __future__ import annotations

import functools
from types import MappingProxyType

import numpy as np
import pandas as pd
from sklearn.pipeline import Pipeline

from pokemon_ml.data.generate import DEFAULT_ROWS, DEFAULT_SEED, STAT_COLUMNS, TYPES, generate_pokemon
from pokemon_ml.features.engineering import TARGET
from pokemon_ml.features.pipeline import make_model

__all__ = [
    "CONFIDENT",
    "CLOSE_MARGIN",
    "ERROR_COLUMNS",
    "TAXONOMY",
    "VALID_RANGES",
    "categorize",
    "error_table",
    "make_error_set",
]

TAXONOMY = MappingProxyType(
    {
        "out_of_range": "A data bug upstream: validate inputs before predicting (Module 1's "
        "schema) and fix the source; the model never saw values like these.",
        "secondary_type": "Check how dual types are labelled: primary and secondary are often "
        "swapped. If the creature is truly both, show the top two predictions.",
        "suspect_label": "Audit the label: when a good model is this sure, the recorded type is "
        "often the mistake. Fix the data, not the model.",
        "close_call": "Genuinely ambiguous: add features that separate the two types, or show "
        "the user both with their probabilities.",
        "other": "No known cause: read these rows one by one; a new category may be in them.",
    }
)
CONFIDENT = 0.90  # suspect_label: confidence at or above this
CLOSE_MARGIN = 0.10  # close_call: confidence - true_type_proba below this
# What the data contract allows (pokemon_ml.data.schemas.POKEMON_SCHEMA), inclusive.
VALID_RANGES = MappingProxyType(
    {
        **{stat: (1, 255) for stat in STAT_COLUMNS},
        "height_m": (0.05, 20.0),
        "weight_kg": (0.1, 10_000.0),
        "capture_rate": (3, 255),
    }
)
ERROR_COLUMNS = ("true_type", "predicted_type", "confidence", "true_type_proba")
AMBIGUITY = (0.02, 0.01)  # rules re-run with thresholds moved by these: either answer counts
ERROR_ROWS = 900  # creatures predicted per error set (about 200 errors come out)
PLANTED_SHARE = 0.05  # of those rows, each planted cause


def error_table(model: Pipeline, rows: pd.DataFrame, target: str = TARGET) -> pd.DataFrame:
    """The rows ``model`` gets wrong, with what it predicted and how sure it was.

    Returns:
        The misclassified rows (their index kept, the target column renamed
        ``true_type``) with ``predicted_type``, ``confidence`` (the probability of the
        predicted type) and ``true_type_proba`` (the probability of the true one).
    """
    proba = model.predict_proba(rows)
    classes = list(model.classes_)
    predicted = np.asarray(classes, dtype=object)[proba.argmax(axis=1)]
    truth = rows[target].to_numpy()
    column_of = {label: column for column, label in enumerate(classes)}
    # The model's probability of the recorded type (0 for a type it never learned).
    true_proba = np.array(
        [proba[row, column_of[t]] if t in column_of else 0.0 for row, t in enumerate(truth)]
    )
    wrong = predicted != truth
    table = rows.loc[wrong].rename(columns={target: "true_type"})
    table["predicted_type"] = predicted[wrong]
    table["confidence"] = proba.max(axis=1)[wrong]
    table["true_type_proba"] = true_proba[wrong]
    return table


def categorize(
    errors: pd.DataFrame, confident: float = CONFIDENT, close_margin: float = CLOSE_MARGIN
) -> pd.Series:
    """Each error's category in ``TAXONOMY``: the first rule that holds, in taxonomy order.

    Returns:
        A Series of category names with ``errors``'s index.
    """
    outside = pd.Series(False, index=errors.index)
    for column, (low, high) in VALID_RANGES.items():
        if column in errors:
            outside |= ~errors[column].between(low, high)
    margin = errors["confidence"] - errors["true_type_proba"]
    rules = [
        ("out_of_range", outside),
        ("secondary_type", errors["predicted_type"] == errors["secondary_type"]),
        ("suspect_label", errors["confidence"] >= confident),
        ("close_call", margin < close_margin),
    ]
    category = pd.Series("other", index=errors.index, dtype=object)
    for name, holds in reversed(rules):  # the earliest rule is applied last and wins
        category[holds.to_numpy()] = name
    return category


def acceptable_categories(errors: pd.DataFrame) -> pd.Series:
    """Per error, every category the taxonomy gives it with its thresholds nudged.

    An error whose confidence is 0.895 is as much a ``suspect_label`` as one at 0.905:
    near a threshold both answers are right.
    """
    confident_band, margin_band = AMBIGUITY
    runs = [
        categorize(errors, CONFIDENT + c, CLOSE_MARGIN + m)
        for c in (-confident_band, 0.0, confident_band)
        for m in (-margin_band, 0.0, margin_band)
    ]
    return pd.concat(runs, axis=1).apply(lambda row: frozenset(row), axis=1)


@functools.cache
def _reference_model() -> Pipeline:
    """The course model, trained on the course's own data (generated, not read)."""
    train = generate_pokemon(DEFAULT_ROWS, DEFAULT_SEED).to_pandas()
    return make_model().fit(train.drop(columns=TARGET), train[TARGET])


def make_error_set(seed: int, rows: int = ERROR_ROWS) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A model's errors on fresh creatures, some with planted causes, and the answer key.

    Three causes are planted in ``PLANTED_SHARE`` of the rows each: data bugs that leave
    the valid range (heights in centimetres, weights in tonnes, a stat tripled),
    primary and secondary types swapped (the model predicts the recorded secondary
    type), and types recorded wrongly on creatures the model knows well (label noise:
    the model is right and sure). Another share gets a value exactly on a bound of
    ``VALID_RANGES`` (``on_bound``: valid, so not out of range). Other errors are the
    model's own: some close calls, some with no known cause.

    Returns:
        ``(errors, key)``. ``errors`` is ``error_table``'s output, shuffled, with an
        index of creature ids. ``key`` has the same index and columns ``planted`` (the
        cause planted in the row, or ``""``), ``category`` (the taxonomy's answer) and
        ``acceptable`` (a frozenset: every answer counted right).
    """
    rng = np.random.default_rng(seed)
    creatures = generate_pokemon(rows, seed).to_pandas()
    creatures.index = pd.Index(creatures.pop("id").to_numpy() + 10_000 * (seed % 89 + 1), name="id")
    model = _reference_model()
    planted = pd.Series("", index=creatures.index, dtype=object)

    # Label noise where the model is sure and right: the recorded type is the mistake.
    proba = model.predict_proba(creatures)
    sure = (proba.max(axis=1) >= 0.95) & (model.predict(creatures) == creatures[TARGET].to_numpy())
    count = int(PLANTED_SHARE * rows)
    flipped = rng.choice(np.flatnonzero(sure), size=min(count, int(sure.sum())), replace=False)
    for position in flipped:
        true_type = creatures[TARGET].iat[position]
        creatures.iloc[position, creatures.columns.get_loc(TARGET)] = rng.choice(
            [t for t in TYPES if t != true_type]
        )
    planted.iloc[flipped] = "suspect_label"

    # Dual types recorded in swapped order, on creatures the model gets right.
    right = model.predict(creatures) == creatures[TARGET].to_numpy()
    dual = np.setdiff1d(np.flatnonzero(right & creatures["secondary_type"].notna().to_numpy()), flipped)
    swapped = rng.choice(dual, size=min(count, len(dual)), replace=False)
    columns = [creatures.columns.get_loc(TARGET), creatures.columns.get_loc("secondary_type")]
    creatures.iloc[swapped, columns] = creatures.iloc[swapped, columns[::-1]].to_numpy()
    planted.iloc[swapped] = "secondary_type"

    # Data bugs that leave the valid range: heights in centimetres, weights in tonnes, a
    # stat tripled by a bad join (too high, too low, and not only the size columns).
    used = np.union1d(flipped, swapped)
    tall = np.setdiff1d(np.flatnonzero(creatures["height_m"].to_numpy() > 0.3), used)
    in_cm = rng.choice(tall, size=min(count // 2, len(tall)), replace=False)
    creatures.iloc[in_cm, creatures.columns.get_loc("height_m")] *= 100
    light = np.setdiff1d(np.flatnonzero(creatures["weight_kg"].to_numpy() < 90), np.union1d(used, in_cm))
    in_tonnes = rng.choice(light, size=min(count // 4, len(light)), replace=False)
    creatures.iloc[in_tonnes, creatures.columns.get_loc("weight_kg")] /= 1_000
    used = np.union1d(used, np.union1d(in_cm, in_tonnes))
    tripled = []
    for position in rng.permutation(np.setdiff1d(np.arange(rows), used)):
        stat = STAT_COLUMNS[int(rng.integers(len(STAT_COLUMNS)))]
        if creatures[stat].iat[position] > 90 and len(tripled) < count // 4:
            creatures.iloc[position, creatures.columns.get_loc(stat)] *= 3
            tripled.append(position)
    planted.iloc[np.concatenate([in_cm, in_tonnes, tripled])] = "out_of_range"

    # Values exactly on a bound: valid (the bounds are inclusive), so never out_of_range.
    used = np.union1d(used, tripled)
    on_bound = rng.choice(np.setdiff1d(np.arange(rows), used), size=count, replace=False)
    bounds = [(column, limit) for column, pair in VALID_RANGES.items() for limit in pair]
    for position in on_bound:
        column, limit = bounds[rng.integers(len(bounds))]
        creatures.iloc[position, creatures.columns.get_loc(column)] = limit
    planted.iloc[on_bound] = "on_bound"

    errors = error_table(model, creatures)
    errors = errors.sample(frac=1.0, random_state=int(rng.integers(2**31)))
    key = pd.DataFrame(
        {
            "planted": planted.loc[errors.index],
            "category": categorize(errors),
            "acceptable": acceptable_categories(errors),
        }
    )
    return errors, key

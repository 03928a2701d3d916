"""Checkpoint C3's bug tests: one test per planted bug, each blind to the others.

The grader builds a team table from a population no notebook shows and keeps a
second population of *probe* creatures to itself (their labels never leave this
process). ``remaining_bugs`` runs the learner's ``train_fixed`` four times (seed A
twice, seed B once, and seed A on the table with its held-out rows re-measured) and
returns, for every bug still there, its id and the symptom seen — never the fix:

* ``seed_not_honoured`` — two runs with one seed give the same probabilities on the
  probe creatures; runs with two seeds do not;
* ``misaligned_labels`` — a permutation test: the model must beat by ``ABOVE_CHANCE``
  what the honest script reaches with its labels shuffled (and always guessing the
  commonest type);
* ``target_leak`` — shuffling ``weakness`` among the probe creatures moves (almost) no
  prediction;
* ``fit_on_test`` — multiplying the held-out rows' measurements (labels and every
  training row kept) leaves the model exactly as it was (testable once runs repeat);
* ``wrong_metric`` — the report's numbers, recomputed here from the returned model and
  the held-out rows.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import SGDClassifier
from sklearn.metrics import accuracy_score, f1_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler
from threadpoolctl import threadpool_limits

from pokemon_ml.data.generate import STAT_COLUMNS, generate_pokemon
from pokemon_ml.features.engineering import TARGET, add_scale_free_features
from pokemon_ml.grading.calling import WrongAnswer, call_candidate
from pokemon_ml.training.broken import NUMBER_COLUMNS, team_table, train_broken

__all__ = ["SEEDS", "Run", "honest_model", "probe", "remaining_bugs", "yardsticks"]

GRADED_TABLE = (1_200, 8_080)  # (creatures, seed) of the team table train_fixed gets
PROBE = (1_200, 9_191)  # (creatures, seed) the models are scored on, here only
SEEDS = (5, 6)  # train_fixed's seed: twice the first, once the second
ABOVE_CHANCE = 0.15  # accuracy above chance that proves the labels line up
SAME_PROBABILITIES = 1e-9  # two fits of one model on the same rows agree this closely
MAX_CHANGED_SHARE = 0.02  # predictions allowed to move when ``weakness`` is shuffled
REMEASURED = {"stats": 2.0, "height_m": 1.5, "weight_kg": 3.0}  # held-out rows' factors
SHUFFLE_SEED = 13


@functools.cache
def graded_table() -> pd.DataFrame:
    """The team table ``train_fixed`` is graded on."""
    n_rows, seed = GRADED_TABLE
    return team_table(generate_pokemon(n_rows, seed).to_pandas(), seed=seed)


@functools.cache
def remeasured_table() -> pd.DataFrame:
    """The same table with the held-out rows' measurements multiplied (nothing else)."""
    table = graded_table().copy()
    test = table["split"] == "test"
    factors = {
        **dict.fromkeys(STAT_COLUMNS, REMEASURED["stats"]),
        "height_m": REMEASURED["height_m"],
        "weight_kg": REMEASURED["weight_kg"],
    }
    for column, factor in factors.items():
        table.loc[test, column] = table.loc[test, column] * factor
    return table


@functools.cache
def probe() -> tuple[pd.DataFrame, pd.DataFrame, np.ndarray]:
    """New creatures in the table's layout, again with ``weakness`` shuffled, and their types."""
    n_rows, seed = PROBE
    table = team_table(generate_pokemon(n_rows, seed).to_pandas(), seed=seed)
    X = table.drop(columns=[TARGET, "split"])
    rng = np.random.default_rng(SHUFFLE_SEED)
    shuffled = X.assign(weakness=rng.permutation(X["weakness"].to_numpy()))
    return X, shuffled, table[TARGET].to_numpy()


def honest_model(table: pd.DataFrame, seed: int, shuffle_labels: bool = False) -> Pipeline:
    """The script as it should be (the grader's yardstick), fitted on the training rows."""
    train = table[table["split"] == "train"]
    labels = train[TARGET].to_numpy()
    if shuffle_labels:
        labels = np.random.default_rng(seed).permutation(labels)
    encoder = OneHotEncoder(handle_unknown="ignore", sparse_output=False)
    columns = ColumnTransformer(
        [("numbers", StandardScaler(), NUMBER_COLUMNS), ("text", encoder, ["secondary_type"])]
    )
    features = Pipeline(
        [("scale_free", FunctionTransformer(add_scale_free_features)), ("columns", columns)]
    )
    classifier = SGDClassifier(loss="log_loss", alpha=1e-3, random_state=seed)
    with threadpool_limits(limits=1):
        return Pipeline([("features", features), ("classifier", classifier)]).fit(
            train.drop(columns=[TARGET, "split"]), labels
        )


@functools.cache
def yardsticks() -> dict[str, float]:
    """Probe accuracy of the honest script, of it on shuffled labels, of guessing the
    commonest type, and of the broken script (and what the broken script reported)."""
    X, shuffled, y = probe()
    table = graded_table()
    broken, broken_report = train_broken(table, seed=SEEDS[0])
    shuffled_labels = accuracy(honest_model(table, SEEDS[0], shuffle_labels=True), X, y)
    majority = float(pd.Series(y).value_counts(normalize=True).iloc[0])
    return {
        "honest": accuracy(honest_model(table, SEEDS[0]), shuffled, y),
        "shuffled_labels": shuffled_labels,
        "majority": majority,
        "chance": max(shuffled_labels, majority),
        "broken": accuracy(broken, shuffled, y),
        "broken_reported": broken_report["accuracy"],
    }


def accuracy(model: Any, X: pd.DataFrame, y: np.ndarray) -> float:
    """Share of ``X``'s rows whose type ``model`` predicts right."""
    return float(np.mean(_predict(model, X).astype(str) == y))


def _predict(model: Any, X: pd.DataFrame) -> np.ndarray:
    try:
        with threadpool_limits(limits=1):
            return np.asarray(model.predict(X))
    except Exception as error:  # noqa: BLE001 - the message is the feedback
        raise WrongAnswer(
            f"Your model could not predict new creatures given in the table's layout "
            f"(every column but `{TARGET}` and `split`): {type(error).__name__}: {str(error)[:300]}"
        ) from None


def _probabilities(model: Any, X: pd.DataFrame) -> np.ndarray:
    with threadpool_limits(limits=1):
        if callable(getattr(model, "predict_proba", None)):
            return np.asarray(model.predict_proba(X), dtype=float)
    return pd.factorize(_predict(model, X).astype(str), sort=True)[0].astype(float)


class Run:
    """One call of the learner's ``train_fixed``: its model and report, checked for shape."""

    def __init__(self, candidate: Any, table: pd.DataFrame, seed: int) -> None:
        result = call_candidate(candidate, table, seed)
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            raise WrongAnswer(
                f"`train_fixed` returned a {type(result).__name__}; it returns a pair, "
                "`(model, metrics)`, as the script does."
            )
        self.model, self.metrics = result
        if isinstance(self.model, type) or not callable(getattr(self.model, "predict", None)):
            raise WrongAnswer(
                f"The first thing `train_fixed` returns is a {type(self.model).__name__}, not a "
                "fitted model (an object with `predict`)."
            )
        if not isinstance(self.metrics, dict) or not all(
            isinstance(self.metrics.get(key), (int, float, np.number))
            for key in ("accuracy", "macro_f1")
        ):
            raise WrongAnswer(
                "The second thing `train_fixed` returns is the report: a dict with the numbers "
                f"`accuracy` and `macro_f1`, as the script's. Got: {self.metrics!r:.200}"
            )
        self.probabilities = _probabilities(self.model, probe()[0])


def remaining_bugs(candidate: Any) -> tuple[dict[str, str], list[str], Run]:
    """Test every bug on its own.

    Returns:
        The bugs still there (id → what was seen), the ids that cannot be tested yet,
        and the first run (seed ``SEEDS[0]`` on the graded table).
    """
    table, (X, shuffled, y) = graded_table(), probe()
    first_seed, other_seed = SEEDS
    first, again = Run(candidate, table, first_seed), Run(candidate, table, first_seed)
    found: dict[str, str] = {}
    repeats = _same(first.probabilities, again.probabilities)
    if not repeats:
        found["seed_not_honoured"] = (
            f"two runs with seed={first_seed} on the same table gave different models (their "
            f"probabilities for new creatures differ by up to {_gap(first, again):.2f})."
        )
    elif _same(first.probabilities, Run(candidate, table, other_seed).probabilities):
        found["seed_not_honoured"] = (
            f"runs with seed={first_seed} and seed={other_seed} gave the same model: the seed "
            "you pass does not reach the randomness of the run."
        )

    marks, scored = yardsticks(), accuracy(first.model, X, y)
    if scored < marks["chance"] + ABOVE_CHANCE:
        found["misaligned_labels"] = (
            f"your model scores {scored:.2f} on {len(y):,} new creatures, no better than the "
            f"script does with its labels shuffled ({marks['shuffled_labels']:.2f}) or than "
            f"always guessing the commonest type ({marks['majority']:.2f}); repaired, it reaches "
            f"{marks['honest']:.2f}."
        )

    moved = _predict(first.model, X).astype(str) != _predict(first.model, shuffled).astype(str)
    if moved.mean() > MAX_CHANGED_SHARE:
        found["target_leak"] = (
            "shuffling one column among the new creatures, a column an honest model does not "
            f"need, changed {moved.mean():.0%} of your predictions."
        )

    if repeats:
        remeasured = Run(candidate, remeasured_table(), first_seed)
        if not _same(first.probabilities, remeasured.probabilities):
            found["fit_on_test"] = (
                "multiplying the held-out rows' stats, heights and weights (their labels, and "
                "every training row, kept) changed your model: its probabilities for new "
                f"creatures moved by up to {_gap(first, remeasured):.2f}."
            )

    wrong = _wrong_metrics(first, table)
    if wrong:
        reported = " and ".join(f"`{key}` ({float(first.metrics[key]):.3f})" for key in wrong)
        found["wrong_metric"] = (
            f"in your report, {reported} {'is' if len(wrong) == 1 else 'are'} not what the name "
            "says, measured on the held-out rows (`split == 'test'`) with the model you return."
        )
    return found, [] if repeats else ["fit_on_test"], first


def _wrong_metrics(run: Run, table: pd.DataFrame) -> list[str]:
    test = table[table["split"] == "test"]
    predicted = _predict(run.model, test.drop(columns=[TARGET, "split"])).astype(str)
    true = {
        "accuracy": accuracy_score(test[TARGET], predicted),
        "macro_f1": f1_score(test[TARGET], predicted, average="macro"),
    }
    return [key for key, value in true.items() if abs(float(run.metrics[key]) - value) > 1e-9]


def _same(first: np.ndarray, second: np.ndarray) -> bool:
    return first.shape == second.shape and bool(
        np.all(np.abs(first - second) <= SAME_PROBABILITIES)
    )


def _gap(first: Run, second: Run) -> float:
    if first.probabilities.shape != second.probabilities.shape:
        return float("nan")
    return float(np.max(np.abs(first.probabilities - second.probabilities)))

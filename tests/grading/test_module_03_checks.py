"""Module 3's checks, proven three ways: the reference solution passes, the
untouched stub is not attempted, and plausible wrong answers fail with feedback
that names the mistake. Correct answers written differently pass too.

The wrong answers are the ones a hurried learner writes (folds never shuffled, a
strict bound, a model left unfitted, one bug of five left in) and the ones a clever
one writes (scikit-learn's splitter behind a from-scratch name, a model fitted on
the held-out rows too, a seed hard-coded so that runs repeat)."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import polars as pl
import pytest
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import ExtraTreesClassifier
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import GridSearchCV, KFold, StratifiedKFold, train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, LabelEncoder, OneHotEncoder, StandardScaler

from pokemon_ml import TYPES, check
from pokemon_ml.features import TARGET, add_scale_free_features, make_baseline_model, make_model
from pokemon_ml.grading.checks.m03_checkpoint import BUG_IDS, SUSPECTS
from pokemon_ml.grading.checks.m03_results_tables import (
    GRADED_CASES,
    SCENARIO,
    graded_tables,
    reference_choice,
)
from pokemon_ml.training.broken import NUMBER_COLUMNS, TEXT_COLUMNS, train_broken
from tests.conftest import notebook_functions
from tests.grading import verdicts

EXERCISES = "exercises/03_model_training.py"
NAMES = ("kfold_indices", "stratified_kfold_indices", "select_model", "tune")
SOLUTIONS = notebook_functions("exercises/solutions/03_model_training.py", *NAMES, "EXPLANATION")
C3_SOLUTION = notebook_functions(
    "checkpoints/solutions/03_debug_the_failing_model.py", "train_fixed", "BUGS_FOUND"
)
ALL_BUGS = set(C3_SOLUTION.BUGS_FOUND)


def _defaults(exercise_id: str) -> dict:
    """The reference's other answers, so a test varies only the one it is about."""
    return {
        "3.1": {"stratified_kfold_indices": SOLUTIONS.stratified_kfold_indices},
        "3.2": {"EXPLANATION": SOLUTIONS.EXPLANATION},
        "C3": {"BUGS_FOUND": ALL_BUGS},
    }.get(exercise_id, {})


def grade(exercise_id: str, candidate, **also):
    return check(exercise_id, candidate, **{**_defaults(exercise_id), **also})


def assert_fails(exercise_id: str, candidate, *fragments: str, **also) -> str:
    """``verdicts.assert_fails`` with the reference's other answers filled in."""
    return verdicts.assert_fails(
        exercise_id, candidate, *fragments, **{**_defaults(exercise_id), **also}
    )


def assert_passes(exercise_id: str, candidate, **also) -> str:
    """``verdicts.assert_passes`` with the reference's other answers filled in."""
    return verdicts.assert_passes(exercise_id, candidate, **{**_defaults(exercise_id), **also})


# ---------------------------------------------------------------- the three proofs


# ---------------------------------------------------------------- 3.1 kfold_indices
def kfold_unshuffled(n, k, seed):
    return [(np.setdiff1d(np.arange(n), t), t) for t in np.array_split(np.arange(n), k)]


def kfold_shuffles_only_if_seed(n, k, seed):
    positions = np.random.default_rng(seed).permutation(n) if seed else np.arange(n)
    return [(np.setdiff1d(np.arange(n), t), t) for t in np.array_split(positions, k)]


def kfold_global_random_state(n, k, seed):
    positions = np.random.permutation(n)  # the seed is never used
    return [(np.setdiff1d(np.arange(n), t), t) for t in np.array_split(positions, k)]


def kfold_every_row_in_training(n, k, seed):
    positions = np.random.default_rng(seed).permutation(n)
    return [(np.arange(n), t) for t in np.array_split(positions, k)]


def kfold_remainder_in_last_fold(n, k, seed):
    positions, size = np.random.default_rng(seed).permutation(n), n // k
    tests = [positions[i * size : (i + 1) * size] for i in range(k - 1)]
    tests.append(positions[(k - 1) * size :])
    return [(np.setdiff1d(positions, t), t) for t in tests]


def kfold_boolean_masks(n, k, seed):
    fold_of = np.random.default_rng(seed).permutation(n) % k
    return [(fold_of != f, fold_of == f) for f in range(k)]


def kfold_float_positions(n, k, seed):
    return [
        (train.astype(float), test.astype(float))
        for train, test in SOLUTIONS.kfold_indices(n, k, seed)
    ]


def kfold_test_first(n, k, seed):
    return [(test, train) for train, test in SOLUTIONS.kfold_indices(n, k, seed)]


def kfold_by_scikit_learn(n, k, seed):
    return list(KFold(k, shuffle=True, random_state=seed).split(np.zeros(n)))


def kfold_by_train_test_split(n, k, seed):
    """Clever: carve the folds off one by one with train_test_split."""
    rest, folds = np.arange(n), []
    for fold in range(k - 1):
        rest, test = train_test_split(rest, test_size=1 / (k - fold), random_state=seed)
        folds.append(test)
    folds.append(rest)
    return [(np.setdiff1d(np.arange(n), t), t) for t in folds]


def kfold_strided(n, k, seed):
    """Every k-th row: looks shuffled, but the seed changes nothing."""
    return [
        (np.flatnonzero(np.arange(n) % k != f), np.flatnonzero(np.arange(n) % k == f))
        for f in range(k)
    ]


def kfold_forgets_return(n, k, seed):
    SOLUTIONS.kfold_indices(n, k, seed)


@pytest.mark.parametrize(
    "candidate, fragments",
    [
        (kfold_unshuffled, ["never shuffled", "seed=0"]),
        (kfold_shuffles_only_if_seed, ["never shuffled", "`if seed:` is False"]),
        (kfold_global_random_state, ["Two calls", "different folds"]),
        (kfold_every_row_in_training, ["in both its train and its test part"]),
        (kfold_remainder_in_last_fold, ["Sizes may differ by at most 1", "20 or 21 each"]),
        (kfold_boolean_masks, ["booleans (a mask)", "np.flatnonzero"]),
        (kfold_float_positions, ["float64 values", "integer positions"]),
        (kfold_test_first, ["first array is the smaller one", "(train_idx, test_idx)"]),
        (kfold_by_scikit_learn, ["called scikit-learn's KFold", "yourself"]),
        (kfold_by_train_test_split, ["called scikit-learn's ShuffleSplit"]),
        (kfold_strided, ["seed=11 and with seed=12 gave the same folds"]),
        (kfold_forgets_return, ["returned None", "`return`"]),
    ],
)
def test_kfold_indices_wrong_answers(candidate, fragments) -> None:
    assert_fails("3.1", candidate, *fragments)


def stratified_ignores_labels(y, k, seed):
    return SOLUTIONS.kfold_indices(len(y), k, seed)


def stratified_each_class_on_its_own(y, k, seed):
    """Right per class; every class's remainder lands in the first folds."""
    labels, rng = np.asarray(y), np.random.default_rng(seed)
    tests = [[] for _ in range(k)]
    for label in np.unique(labels):
        members = rng.permutation(np.flatnonzero(labels == label))
        for fold, part in enumerate(np.array_split(members, k)):
            tests[fold].extend(part)
    return [(np.setdiff1d(np.arange(len(labels)), t), np.array(t)) for t in tests]


def stratified_rare_class_to_the_last_fold(y, k, seed):
    """Classes too small to split 'cannot be stratified': they go to the last fold."""
    labels, rng = np.asarray(y), np.random.default_rng(seed)
    tests = [[] for _ in range(k)]
    counts = pd.Series(labels).value_counts()
    for label in np.unique(labels):
        members = rng.permutation(np.flatnonzero(labels == label))
        if counts[label] < 2 * k:
            tests[-1].extend(members)
            continue
        for fold, member in enumerate(members):
            tests[fold % k].append(member)
    return [(np.setdiff1d(np.arange(len(labels)), t), np.array(t, dtype=int)) for t in tests]


def stratified_returns_index_labels(y, k, seed):
    index = y.index.to_numpy() if isinstance(y, pd.Series) else np.arange(len(y))
    return [
        (index[train], index[test])
        for train, test in SOLUTIONS.stratified_kfold_indices(y, k, seed)
    ]


def stratified_by_scikit_learn(y, k, seed):
    return list(StratifiedKFold(k, shuffle=True, random_state=seed).split(np.zeros(len(y)), y))


def stratified_sorts_labels_in_place(y, k, seed):
    if isinstance(y, np.ndarray):
        y.sort()  # "sorting makes the classes contiguous"
    return SOLUTIONS.stratified_kfold_indices(y, k, seed)


def stratified_renames_the_series(y, k, seed):
    """Only a Series's name changes, and the grader's comparison is rebound in the worker."""
    import pokemon_ml.grading.calling as calling

    calling.same_data = lambda original, returned: True
    if isinstance(y, pd.Series):
        y.name = "label"
    return SOLUTIONS.stratified_kfold_indices(y, k, seed)


def stratified_unshuffled_deal(y, k, seed):
    labels = np.asarray(y)
    fold_of = np.empty(len(labels), dtype=int)
    fold_of[np.argsort(labels, kind="stable")] = np.arange(len(labels)) % k
    return [(np.flatnonzero(fold_of != f), np.flatnonzero(fold_of == f)) for f in range(k)]


def stratified_not_written_yet(y, k, seed):
    raise NotImplementedError


@pytest.mark.parametrize(
    "candidate, fragments",
    [
        (stratified_ignores_labels, ["should hold", "Stratified folds keep every class's share"]),
        (stratified_each_class_on_its_own, ["Sizes may differ by at most 1"]),
        (
            stratified_rare_class_to_the_last_fold,
            ["class 'rare' has 7 members", "1 or 2", "rare class counts"],
        ),
        (stratified_returns_index_labels, ["outside the positions 0–99", "index labels"]),
        (stratified_by_scikit_learn, ["called scikit-learn's StratifiedKFold"]),
        (stratified_sorts_labels_in_place, ["changed the labels it was given"]),
        (stratified_renames_the_series, ["changed the labels it was given"]),
        (stratified_unshuffled_deal, ["gave the same folds"]),
        (stratified_not_written_yet, ["`kfold_indices` passes every test", "NotImplementedError"]),
    ],
)
def test_stratified_kfold_indices_wrong_answers(candidate, fragments) -> None:
    assert_fails("3.1", SOLUTIONS.kfold_indices, *fragments, stratified_kfold_indices=candidate)


def kfold_pure_python(n, k, seed):
    """Another right answer: the random module, lists of ints, slices."""
    positions = list(range(n))
    random.Random(seed).shuffle(positions)
    folds, start = [], 0
    for fold in range(k):
        size = n // k + (1 if fold < n % k else 0)
        test = positions[start : start + size]
        start += size
        held = set(test)
        folds.append(([p for p in range(n) if p not in held], test))
    return folds


def kfold_equal_to_scikit_learn(n, k, seed):
    """From scratch, yet fold for fold what KFold gives: RandomState's permutation."""
    shuffled = np.random.RandomState(seed).permutation(n).astype(np.int32)
    return [(np.setdiff1d(shuffled, t), t) for t in np.array_split(shuffled, k)]


def kfold_generator(n, k, seed):
    """Yields its folds, as scikit-learn's split does."""
    fold_of = np.random.default_rng(seed).permutation(n) % k
    for fold in range(k):
        yield np.flatnonzero(fold_of != fold).astype(np.uint32), np.flatnonzero(fold_of == fold)


def stratified_pure_python(y, k, seed):
    """Class by class, dealing on from where the last class stopped."""
    labels = list(y.tolist() if hasattr(y, "tolist") else y)
    by_class: dict = {}
    for position, label in enumerate(labels):
        by_class.setdefault(label, []).append(position)
    rng, tests, next_fold = random.Random(seed), [[] for _ in range(k)], 0
    for label in sorted(by_class, key=str):
        members = by_class[label]
        rng.shuffle(members)
        for member in members:
            tests[next_fold].append(member)
            next_fold = (next_fold + 1) % k
    return [([p for p in range(len(labels)) if p not in set(t)], t) for t in tests]


def test_kfold_from_scratch_may_equal_scikit_learn_and_passes() -> None:
    """Why the check uses a tripwire, not a comparison with KFold's output."""
    theirs = list(KFold(5, shuffle=True, random_state=3).split(np.zeros(103)))
    mine = kfold_equal_to_scikit_learn(103, 5, 3)
    for (my_train, my_test), (their_train, their_test) in zip(mine, theirs, strict=True):
        assert np.array_equal(np.sort(my_test), their_test)
        assert np.array_equal(np.sort(my_train), their_train)
    assert_passes("3.1", kfold_equal_to_scikit_learn)


@pytest.mark.parametrize(
    "kfold, stratified",
    [(kfold_pure_python, stratified_pure_python), (kfold_generator, stratified_pure_python)],
)
def test_kfold_indices_accepts_other_correct_answers(kfold, stratified) -> None:
    assert_passes("3.1", kfold, stratified_kfold_indices=stratified)


# ---------------------------------------------------------------- 3.2 select_model
def most_accurate(results, constraints):
    return results.loc[results["accuracy"].idxmax(), "model"]


def _qualifying(results, constraints, strict=False, interpretable=True):
    keep = pd.Series(True, index=results.index)
    if constraints["min_accuracy"] is not None:
        keep &= (
            (results["accuracy"] > constraints["min_accuracy"])
            if strict
            else (results["accuracy"] >= constraints["min_accuracy"])
        )
    if constraints["max_latency_ms"] is not None:
        keep &= (
            (results["latency_ms"] < constraints["max_latency_ms"])
            if strict
            else (results["latency_ms"] <= constraints["max_latency_ms"])
        )
    if interpretable and constraints["interpretable"]:
        keep &= results["interpretable"]
    return results[keep]


def _tied_fastest(qualifying):
    if qualifying.empty:
        return None
    tied = qualifying[qualifying["accuracy"] >= qualifying["accuracy"].max() - 0.005]
    return tied.sort_values("latency_ms")["model"].iloc[0]


def ignores_interpretable(results, constraints):
    return _tied_fastest(_qualifying(results, constraints, interpretable=False))


def strict_bounds(results, constraints):
    return _tied_fastest(_qualifying(results, constraints, strict=True))


def first_qualifying_row(results, constraints):
    qualifying = _qualifying(results, constraints)
    return None if qualifying.empty else qualifying["model"].iloc[0]


def no_tie_rule(results, constraints):
    qualifying = _qualifying(results, constraints)
    return None if qualifying.empty else qualifying.loc[qualifying["accuracy"].idxmax(), "model"]


def fastest_qualifying(results, constraints):
    qualifying = _qualifying(results, constraints)
    return None if qualifying.empty else qualifying.loc[qualifying["latency_ms"].idxmin(), "model"]


def guesses_when_nothing_qualifies(results, constraints):
    return _tied_fastest(_qualifying(results, constraints)) or most_accurate(results, constraints)


def raises_when_nothing_qualifies(results, constraints):
    choice = _tied_fastest(_qualifying(results, constraints))
    if choice is None:
        raise ValueError("no model meets the constraints")
    return choice


def returns_the_row(results, constraints):
    qualifying = _qualifying(results, constraints)
    return None if qualifying.empty else qualifying.sort_values("accuracy").iloc[-1]


def sorts_in_place(results, constraints):
    results.sort_values("accuracy", ascending=False, inplace=True)
    return _tied_fastest(_qualifying(results, constraints))


def the_scenario_by_heart(results, constraints):
    return "logistic_regression"


@pytest.mark.parametrize(
    "candidate, fragments",
    [
        (most_accurate, ["does not qualify", "above max_latency_ms=2.5"]),
        (ignores_interpretable, ["it is not interpretable, and interpretable=True"]),
        (strict_bounds, ["Case 5 of 11", "exactly at a bound qualifies"]),
        (first_qualifying_row, ["Among qualifying models, the most accurate wins"]),
        (no_tie_rule, ["tied", "Among tied models, the fastest wins"]),
        (fastest_qualifying, ["more accurate by more than the tie margin"]),
        (guesses_when_nothing_qualifies, ["no model meets every constraint", "return None"]),
        (raises_when_nothing_qualifies, ["no model qualifies", "ValueError", "return None"]),
        (returns_the_row, ["returned a Series", "name"]),
        (sorts_in_place, ["changed the data it was given"]),
        (the_scenario_by_heart, ["Case 1 of 11", "more accurate by more than the tie margin"]),
    ],
)
def test_select_model_wrong_answers(candidate, fragments) -> None:
    assert_fails("3.2", candidate, *fragments)


def test_graded_cases_hold_the_traps_the_brief_promises() -> None:
    tables = graded_tables()
    answers = [reference_choice(tables[table], constraints) for table, constraints in GRADED_CASES]
    assert answers.count(None) == 2  # nothing qualifies, twice
    assert reference_choice(tables[GRADED_CASES[1][0]], SCENARIO) == "logistic_regression"
    for table, constraints in GRADED_CASES:  # somewhere the most accurate model is wrong
        best = tables[table].sort_values("accuracy")["model"].iloc[-1]
        if reference_choice(tables[table], constraints) not in (best, None):
            break
    else:
        pytest.fail("no case where the most accurate model is the wrong answer")
    other = GRADED_CASES[7]
    assert reference_choice(tables[other[0]], other[1]) == "extra_trees"  # third-best, fastest


NAMES_THE_WRONG_MODEL = (
    "We chose XGBoost because it is the most accurate model we have, at 83.6% on "
    "cross-validation, and accuracy is what matters."
)
NAMES_NO_CONSTRAINT = (
    "Logistic regression: the product team can read its coefficients, which makes it "
    "easy to trust, and it reaches 81.7% accuracy."
)
NAMES_NO_COST = (
    "Logistic regression it is: it answers in 2.1 ms, inside the app's 2.5 ms budget, "
    "so the phone never waits for it."
)
TOO_LONG = " ".join(["Logistic regression is fast and accurate enough."] * 20)
IN_OTHER_WORDS = (
    "LogReg wins. The boosted models score two points higher but respond too slowly "
    "for the Pokédex on a phone; we trade about 2% accuracy for speed."
)
WITH_NUMBERS = (
    "Recommendation: logistic_regression. Latency decided it: XGBoost needs 2.8 ms per "
    "prediction against a limit of 2.5 ms. We lose 1.9 points of accuracy."
)


@pytest.mark.parametrize(
    "explanation, fragments",
    [
        ("", ["has 0 word(s)"]),
        (NAMES_THE_WRONG_MODEL, ["the model `select_model` picks", "the constraint that decided"]),
        (NAMES_NO_CONSTRAINT, ["the constraint that decided"]),
        (NAMES_NO_COST, ["what the choice costs"]),
        (TOO_LONG, ["140 words"]),
        (["logistic regression", "latency", "accuracy"], ["should be a string"]),
    ],
)
def test_explanation_wrong_answers(explanation, fragments) -> None:
    assert_fails("3.2", SOLUTIONS.select_model, *fragments, EXPLANATION=explanation)


def select_with_a_loop(results, constraints):
    """Another right answer: plain Python over the rows."""
    rows = [
        row
        for row in results.to_dict("records")
        if (constraints["min_accuracy"] is None or row["accuracy"] >= constraints["min_accuracy"])
        and (
            constraints["max_latency_ms"] is None
            or row["latency_ms"] <= constraints["max_latency_ms"]
        )
        and (row["interpretable"] or not constraints["interpretable"])
    ]
    if not rows:
        return None
    best = max(row["accuracy"] for row in rows)
    return min((r for r in rows if r["accuracy"] >= best - 0.005), key=lambda r: r["latency_ms"])[
        "model"
    ]


def select_with_polars(results, constraints):
    frame = pl.from_pandas(results)
    conditions = [pl.lit(True)]
    if constraints["min_accuracy"] is not None:
        conditions.append(pl.col("accuracy") >= constraints["min_accuracy"])
    if constraints["max_latency_ms"] is not None:
        conditions.append(pl.col("latency_ms") <= constraints["max_latency_ms"])
    if constraints["interpretable"]:
        conditions.append(pl.col("interpretable"))
    qualifying = frame.filter(pl.all_horizontal(conditions))
    if qualifying.is_empty():
        return None
    tied = qualifying.filter(pl.col("accuracy") >= pl.col("accuracy").max() - 0.005)
    return tied.sort("latency_ms")["model"][0]


@pytest.mark.parametrize(
    "candidate, explanation",
    [(select_with_a_loop, IN_OTHER_WORDS), (select_with_polars, WITH_NUMBERS)],
)
def test_select_model_accepts_other_correct_answers(candidate, explanation) -> None:
    assert_passes("3.2", candidate, EXPLANATION=explanation)


# ---------------------------------------------------------------- 3.3 tune
def tune_the_biggest_forest(X, y, budget_ms):
    return make_model(ExtraTreesClassifier(n_estimators=1_000, max_depth=3, random_state=0)).fit(
        X, y
    )


def tune_forgets_to_fit(X, y, budget_ms):
    return make_model(LogisticRegression(C=3.0, max_iter=2_000))


def tune_returns_the_score(X, y, budget_ms):
    return 0.85


def tune_returns_the_class(X, y, budget_ms):
    return LogisticRegression


def tune_the_raw_columns(X, y, budget_ms):
    return make_baseline_model().fit(X, y)


def tune_encoded_labels(X, y, budget_ms):
    return make_model(LogisticRegression(max_iter=2_000)).fit(X, LabelEncoder().fit_transform(y))


def my_features(df):
    return add_scale_free_features(df)


my_features.__module__ = "my_notebook"  # as a notebook's function: no module to import it from


def tune_with_my_own_function(X, y, budget_ms):
    return make_model().set_params(features__scale_free=FunctionTransformer(my_features)).fit(X, y)


def tune_with_a_lambda(X, y, budget_ms):
    return (
        make_model()
        .set_params(
            features__scale_free=FunctionTransformer(lambda df: add_scale_free_features(df))
        )
        .fit(X, y)
    )


def tune_adds_a_column_to_X(X, y, budget_ms):
    X["base_total"] = X[["hp", "attack", "defense"]].sum(axis=1)
    return make_model().fit(X, y)


@pytest.mark.parametrize(
    "candidate, fragments",
    [
        (tune_the_biggest_forest, ["over budget", "the budget was 2×"]),
        (tune_forgets_to_fit, ["not fitted", "fit the winner"]),
        (tune_returns_the_score, ["returned a float", "fitted model itself"]),
        (tune_returns_the_class, ["returned the class LogisticRegression"]),
        (tune_the_raw_columns, ["fits the budget but scores", "Within 0.03 of it passes"]),
        (tune_encoded_labels, ["not types in y", "decode"]),
        (tune_with_my_own_function, ["cannot take your model", "my_features", "of your own"]),
        (tune_with_a_lambda, ["cannot take your model", "<lambda>", "a lambda too"]),
        (tune_adds_a_column_to_X, ["changed the X or y"]),
    ],
)
def test_tune_wrong_answers(candidate, fragments) -> None:
    assert_fails("3.3", candidate, *fragments)


def tune_with_grid_search(X, y, budget_ms):
    """Another right answer: a fitted GridSearchCV over C (itself a model, graded through
    its best_estimator_)."""
    search = GridSearchCV(make_model(), {"classifier__C": [0.3, 3.0]}, cv=3)
    return search.fit(X, y)


def test_tune_accepts_another_correct_answer() -> None:
    assert "per single-row prediction" in assert_passes("3.3", tune_with_grid_search)


# ---------------------------------------------------------------- C3 train_fixed
def _script(
    df,
    seed,
    *,
    random_state="seed",
    shuffle=True,
    labels="shuffled",
    text=("secondary_type",),
    fit_features_on="train",
    average="macro",
    metric_rows="test",
):
    """The repaired script with one choice swapped for the variants below."""
    state = seed if random_state == "seed" else random_state
    train = df[df["split"] == "train"]
    if shuffle:
        train = train.sample(frac=1.0, random_state=state)
    test = df[df["split"] == "test"]
    X_train = train.drop(columns=[TARGET, "split"])
    y_train = {
        "shuffled": train[TARGET],
        "unshuffled array": df.loc[df["split"] == "train", TARGET].to_numpy(),
        "unshuffled series": df.loc[df["split"] == "train", TARGET],
    }[labels]
    X_test, y_test = test.drop(columns=[TARGET, "split"]), test[TARGET]
    columns = ColumnTransformer(
        [
            ("numbers", StandardScaler(), NUMBER_COLUMNS),
            ("text", OneHotEncoder(handle_unknown="ignore", sparse_output=False), list(text)),
        ]
    )
    features = Pipeline(
        [("scale_free", FunctionTransformer(add_scale_free_features)), ("columns", columns)]
    )
    classifier = SGDClassifier(loss="log_loss", alpha=1e-3, random_state=state)
    fitted_on = {"train": X_train, "test": X_test, "all": pd.concat([X_train, X_test])}
    features.fit(fitted_on[fit_features_on])
    classifier.fit(features.transform(X_train), y_train)
    model = Pipeline([("features", features), ("classifier", classifier)])
    X_scored, y_scored = (X_test, y_test) if metric_rows == "test" else (X_train, y_train)
    predicted = model.predict(X_scored)
    return model, {
        "accuracy": accuracy_score(y_scored, predicted),
        "macro_f1": f1_score(y_scored, predicted, average=average),
    }


def fixed_but_python_random_seed(df, seed=42):
    random.seed(seed)
    return _script(df, seed, random_state=None)


def fixed_with_a_hard_coded_seed(df, seed=42):
    return _script(df, seed, random_state=0, shuffle=False)


def fixed_but_labels_from_unshuffled_rows(df, seed=42):
    return _script(df, seed, labels="unshuffled array")


def fixed_by_dropping_to_numpy(df, seed=42):
    """Trusts pandas to align y by index, but scikit-learn goes by position."""
    return _script(df, seed, labels="unshuffled series")


def fixed_but_weakness_kept(df, seed=42):
    return _script(df, seed, text=TEXT_COLUMNS)


def fixed_but_features_fitted_on_test(df, seed=42):
    return _script(df, seed, fit_features_on="test")


def fixed_but_features_fitted_on_every_row(df, seed=42):
    return _script(df, seed, fit_features_on="all")


def fixed_and_fitted_on_every_row(df, seed=42):
    """Clever: "more data is better", so the final model also learns from the held-out rows."""
    model, metrics = _script(df, seed)
    X, y = df.drop(columns=[TARGET, "split"]), df[TARGET]
    return model.fit(
        X.sample(frac=1.0, random_state=seed), y.sample(frac=1.0, random_state=seed)
    ), metrics


def fixed_but_micro_average(df, seed=42):
    return _script(df, seed, average="micro")


def fixed_but_scored_on_training_rows(df, seed=42):
    return _script(df, seed, metric_rows="train")


def fixed_with_the_raw_stats_only(df, seed=42):
    train = df[df["split"] == "train"].sample(frac=1.0, random_state=seed)
    test = df[df["split"] == "test"]
    columns = ColumnTransformer(
        [("numbers", StandardScaler(), ["hp", "attack", "defense", "speed"])]
    )
    model = Pipeline(
        [("columns", columns), ("classifier", SGDClassifier(loss="log_loss", random_state=seed))]
    ).fit(train, train[TARGET])
    predicted = model.predict(test)
    return model, {
        "accuracy": accuracy_score(test[TARGET], predicted),
        "macro_f1": f1_score(test[TARGET], predicted, average="macro"),
    }


def fixed_returns_the_model_only(df, seed=42):
    return _script(df, seed)[0]


@pytest.mark.parametrize(
    "candidate, remaining",
    [
        (train_broken, {"seed_not_honoured", "misaligned_labels", "target_leak", "wrong_metric"}),
        (fixed_but_python_random_seed, {"seed_not_honoured"}),
        (fixed_with_a_hard_coded_seed, {"seed_not_honoured"}),
        (fixed_but_labels_from_unshuffled_rows, {"misaligned_labels"}),
        (fixed_by_dropping_to_numpy, {"misaligned_labels"}),
        (fixed_but_weakness_kept, {"target_leak"}),
        (fixed_but_features_fitted_on_test, {"fit_on_test"}),
        (fixed_but_features_fitted_on_every_row, {"fit_on_test"}),
        (fixed_and_fitted_on_every_row, {"fit_on_test", "wrong_metric"}),
        (fixed_but_micro_average, {"wrong_metric"}),
        (fixed_but_scored_on_training_rows, {"wrong_metric"}),
    ],
)
def test_train_fixed_names_exactly_the_bugs_that_remain(candidate, remaining) -> None:
    feedback = assert_fails("C3", candidate, f"{len(remaining)} of the script's bugs remain")
    named = {bug for bug in SUSPECTS if f"`{bug}`:" in feedback}
    assert named == remaining, feedback
    if "seed_not_honoured" in remaining and candidate is not fixed_with_a_hard_coded_seed:
        assert "Not checked yet: `fit_on_test`" in feedback


@pytest.mark.parametrize(
    "candidate, bugs_found, fragments",
    [
        (
            fixed_with_the_raw_stats_only,
            ALL_BUGS,
            ["Every bug's test passes, but", "keep the rest"],
        ),
        (fixed_returns_the_model_only, ALL_BUGS, ["returned a Pipeline", "(model, metrics)"]),
        (C3_SOLUTION.train_fixed, ALL_BUGS - {"wrong_metric"}, ["names 4 of the script's 5 bugs"]),
        (C3_SOLUTION.train_fixed, ALL_BUGS | {"class_imbalance"}, ["accuses 1 suspect(s)"]),
        (C3_SOLUTION.train_fixed, {"labels_wrong"}, ["'labels_wrong'", "not one of the ids"]),
    ],
)
def test_train_fixed_other_wrong_answers(candidate, bugs_found, fragments) -> None:
    assert_fails("C3", candidate, *fragments, BUGS_FOUND=bugs_found)


def fixed_with_the_global_numpy_seed(df, seed=42):
    """Another right answer: no shuffle, numpy's global generator seeded once per run."""
    np.random.seed(seed)
    return _script(df, seed, random_state=None, shuffle=False)


def fixed_with_fixed_categories(df, seed=42):
    """Another right answer: one Pipeline fitted in one call, categories written out."""
    train, test = df[df["split"] == "train"], df[df["split"] == "test"]
    columns = ColumnTransformer(
        [
            ("numbers", StandardScaler(), NUMBER_COLUMNS),
            (
                "text",
                OneHotEncoder(categories=[list(TYPES)], handle_unknown="ignore"),
                ["secondary_type"],
            ),
        ]
    )
    model = Pipeline(
        [
            ("scale_free", FunctionTransformer(add_scale_free_features)),
            ("columns", columns),
            ("classifier", SGDClassifier(loss="log_loss", alpha=1e-3, random_state=seed)),
        ]
    ).fit(train.drop(columns=[TARGET, "split"]), train[TARGET])
    predicted = model.predict(test.drop(columns=[TARGET, "split"]))
    return model, {
        "accuracy": accuracy_score(test[TARGET], predicted),
        "macro_f1": f1_score(test[TARGET], predicted, average="macro"),
    }


@pytest.mark.parametrize(
    "candidate", [fixed_with_the_global_numpy_seed, fixed_with_fixed_categories]
)
def test_train_fixed_accepts_other_correct_answers(candidate) -> None:
    assert_passes("C3", candidate)


def test_the_suspects_hold_every_bug_and_some_that_are_not() -> None:
    assert BUG_IDS < set(SUSPECTS) and len(set(SUSPECTS) - BUG_IDS) >= 3
    assert ALL_BUGS == BUG_IDS

"""Checks for Module 3 (training): exercise 3.1 here, 3.2 in ``m03_select_model``, 3.3
in ``m03_tune`` (C3 is in ``m03_checkpoint``).

Exercise 3.1 asks for two splitters written from scratch, ``kfold_indices(n, k, seed)``
and ``stratified_kfold_indices(y, k, seed)``, each returning a list of ``k`` pairs
``(train_idx, test_idx)`` of integer positions, as scikit-learn's ``split`` yields them.
The learner's functions run in the sandbox through ``split_in_sandbox``, which first
replaces every scikit-learn splitter's methods with a tripwire (a call is recorded and
stopped), then hands the folds back as arrays. A tripwire, not a comparison with
scikit-learn's output: a from-scratch answer that draws ``RandomState(seed)
.permutation(n)`` and cuts it with ``np.array_split`` *equals* ``KFold``'s folds to the
last index, and it is right. What the check catches, each named for the learner
(``m03_folds`` holds the rules): folds in the wrong shape or of floats or booleans, a
test index in its own fold's training part, rows tested twice or never, sizes more than
one apart, a class (a rare one too) spread unevenly, unshuffled folds although a seed is
given (seed 0 included), a seed that does not decide the folds, and a fixed model scored
through the folds far from scikit-learn's ``KFold`` / ``StratifiedKFold`` scores.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold, StratifiedKFold
from threadpoolctl import threadpool_limits

from pokemon_ml.data.generate import generate_pokemon
from pokemon_ml.features.engineering import TARGET
from pokemon_ml.features.pipeline import make_feature_pipeline
from pokemon_ml.grading.calling import NotAttempted, WrongAnswer, candidate_run, same_data
from pokemon_ml.grading.checks.m03_folds import (
    contiguous,
    fold_problem,
    partition,
    split_in_sandbox,
)
from pokemon_ml.grading.registry import register

__all__ = ["EXERCISES", "EXERCISE_SOLUTIONS", "MODULE", "stratified_cases"]

MODULE = 3
EXERCISES = "exercises/03_model_training.py"
EXERCISE_SOLUTIONS = "exercises/solutions/03_model_training.py"
STRATIFIED = "stratified_kfold_indices"
# (n, k, seed). Seed 0 is a seed too; 103 and 10 do not divide by k; 12 folds of 1 row.
KFOLD_CASES = ((103, 5, 0), (10, 3, 7), (12, 12, 5), (1_000, 7, 2_024))
MIN_ROWS_PER_FOLD_FOR_ORDER = 5  # below this, a shuffled fold may be contiguous by chance
SEED_PAIR = (11, 12)  # two seeds that must give different folds
SCORE_ROWS, SCORE_SEED, SCORE_FOLDS = 600, 3_031, 5  # the fixed model's data and folds
SCORE_BAND = 0.04  # |mean accuracy through the learner's folds - scikit-learn's| allowed
ONE_BLAS_THREAD = {"limits": 1, "user_api": "blas"}  # small fits: one thread is faster


def stratified_cases() -> list[tuple[str, Any, int, int]]:
    """(what the feedback calls it, labels, k, seed) for ``stratified_kfold_indices``.

    A rare class of 7 among 300 with k=5; integer labels in a Series whose index labels
    are not positions; the types of 250 creatures as a plain list, where per-class
    remainders pile up in the first folds unless they are carried over.
    """
    rng = np.random.default_rng(303)
    rare = np.repeat(["common", "medium", "small", "rare"], [150, 95, 48, 7])
    coded = pd.Series(np.repeat([0, 1, 2], [41, 33, 26]), index=rng.permutation(100) + 1_000)
    types = generate_pokemon(250, seed=404)[TARGET].to_list()
    return [
        ("300 labels, one class of only 7 (a numpy array)", rng.permutation(rare), 5, 0),
        (
            "100 integer labels in a Series indexed 1000-1099",
            coded.sample(frac=1.0, random_state=1),
            4,
            9,
        ),
        ("the primary types of 250 creatures (a list)", types, 4, 21),
    ]


@functools.cache
def _score_data() -> tuple[np.ndarray, np.ndarray]:
    """Features and types of a population sorted by type (file order often is)."""
    table = generate_pokemon(SCORE_ROWS, SCORE_SEED).to_pandas().sort_values(TARGET, kind="stable")
    features = make_feature_pipeline().fit_transform(table.drop(columns=TARGET))
    return features.to_numpy(), table[TARGET].to_numpy()


def _mean_accuracy(folds: list[tuple[np.ndarray, np.ndarray]]) -> float:
    """The fixed model (logistic regression on the course's features) through ``folds``."""
    X, y = _score_data()
    scores = []
    with threadpool_limits(**ONE_BLAS_THREAD):
        for train, test in folds:
            model = LogisticRegression(max_iter=1_000).fit(X[train], y[train])
            scores.append(float(np.mean(model.predict(X[test]) == y[test])))
    return float(np.mean(scores))


@functools.cache
def _sklearn_accuracy(stratified: bool, seed: int) -> float:
    X, y = _score_data()
    splitter = (StratifiedKFold if stratified else KFold)(
        SCORE_FOLDS, shuffle=True, random_state=seed
    )
    return _mean_accuracy(list(splitter.split(X, y)))


def _folds(candidate: Any, call: str, *args: Any, answer: str | None = None) -> list:
    reply = candidate_run(candidate, split_in_sandbox, *args, answer=answer)
    if "sklearn" in reply:
        raise WrongAnswer(
            f"{call} called scikit-learn's {', '.join(reply['sklearn'])}. This exercise asks "
            "you to write the splitting yourself, with numpy or plain Python: that is how you "
            "learn what `KFold` and `StratifiedKFold` promise. (The check disarms scikit-learn's "
            "splitters while your function runs, `train_test_split` included.)"
        )
    if not same_data(args, reply["after"]):
        raise WrongAnswer(
            f"{call} changed the labels it was given. Work on a copy (or on positions): the "
            "caller still needs `y` as it was."
        )
    if "problem" in reply:
        raise WrongAnswer(
            f"{call} {reply['problem']}. Return a list of k pairs `(train_idx, test_idx)`, each "
            "an array (or list) of integer positions, as scikit-learn's `split` yields them."
        )
    return reply["folds"]


def _check_splitter(
    candidate: Any, name: str, cases: list[tuple[str, tuple, Any]], answer: str | None
) -> None:
    """Every case's folds, then contiguity, reproducibility and the seed's effect."""
    for call, args, labels in cases:
        n, k, seed = (len(args[0]) if labels is not None else args[0]), args[1], args[2]
        folds = _folds(candidate, call, *args, answer=answer)
        problem = fold_problem(folds, n, k, labels)
        if problem:
            raise WrongAnswer(f"{call}: {problem}")
        if n // k >= MIN_ROWS_PER_FOLD_FOR_ORDER and contiguous(folds):
            zero = " `seed=0` is a seed too (and `if seed:` is False for it)." if seed == 0 else ""
            raise WrongAnswer(
                f"{call}: every test fold is a run of neighbouring positions, as if the rows were "
                "never shuffled. With a seed, shuffle the positions before cutting them into "
                "folds: files are often sorted (by type, by date), and unshuffled folds then "
                f"test on one kind of row at a time.{zero}"
            )
    call, args, _ = cases[0]
    again = _folds(candidate, call, *args, answer=answer)
    if partition(again) != partition(_folds(candidate, call, *args, answer=answer)):
        raise WrongAnswer(
            f"Two calls of {call} gave different folds. The same seed must give the same folds "
            "(so that a result can be reproduced): draw from a generator made from `seed`, not "
            "from the global random state."
        )
    first, second = ((*args[:2], seed) for seed in SEED_PAIR)
    if partition(_folds(candidate, call, *first, answer=answer)) == partition(
        _folds(candidate, call, *second, answer=answer)
    ):
        raise WrongAnswer(
            f"{name} with seed={SEED_PAIR[0]} and with seed={SEED_PAIR[1]} gave the same folds. "
            "The seed must decide the shuffle: another seed, other folds."
        )


def _check_score(candidate: Any, name: str, stratified: bool, answer: str | None) -> str:
    y = _score_data()[1]
    args = (list(y), SCORE_FOLDS, SCORE_SEED) if stratified else (len(y), SCORE_FOLDS, SCORE_SEED)
    call = f"{name}(…{len(y)} rows sorted by type…, {SCORE_FOLDS}, seed={SCORE_SEED})"
    folds = _folds(candidate, call, *args, answer=answer)
    problem = fold_problem(folds, len(y), SCORE_FOLDS, y if stratified else None)
    if problem:
        raise WrongAnswer(f"{call}: {problem}")
    mine, theirs = _mean_accuracy(folds), _sklearn_accuracy(stratified, SCORE_SEED)
    reference = "StratifiedKFold" if stratified else "KFold"
    if abs(mine - theirs) > SCORE_BAND:
        raise WrongAnswer(
            f"Through your folds, a fixed model (logistic regression on the course's features) "
            f"scores {mine:.3f} on {len(y)} creatures sorted by type; through scikit-learn's "
            f"{reference} it scores {theirs:.3f}, more than {SCORE_BAND} apart. Folds that test "
            "on a mix of every kind of row score like scikit-learn's."
        )
    return f"{mine:.3f} through your folds, {theirs:.3f} through {reference}"


@register(
    "3.1",
    module=MODULE,
    title="Write k-fold and stratified k-fold from scratch",
    function="kfold_indices",
    notebook=EXERCISES,
    solution=EXERCISE_SOLUTIONS,
    minutes=40,
    difficulty="medium",
    hints=(
        (
            "k-fold in three steps: shuffle the positions `0..n-1` with a generator made from "
            "the seed (`np.random.default_rng(seed).permutation(n)`), cut them into k nearly "
            "equal parts (`np.array_split`), and for each part return "
            "`(every other position, the part)`."
        ),
        (
            "`np.setdiff1d(np.arange(n), test_idx)` gives the training positions of a fold. "
            "Positions, not index labels: if `y` is a Series, work with `np.asarray(y)`."
        ),
        (
            "Stratified: shuffle the positions, then sort them by label with a *stable* sort "
            "(`np.argsort(labels[order], kind='stable')`), and deal them out like cards: the "
            "i-th position in that order goes to fold `i % k`. Every class is then spread "
            "evenly, and its remainder carries over to the next folds, so sizes stay within 1."
        ),
    ),
    also=(STRATIFIED,),
)
def check_kfold_indices(candidate: Any) -> str:
    kfold_cases = [
        (f"kfold_indices({n}, {k}, seed={s})", (n, k, s), None) for n, k, s in KFOLD_CASES
    ]
    _check_splitter(candidate, "kfold_indices", kfold_cases, answer=None)
    kfold_score = _check_score(candidate, "kfold_indices", False, None)
    stratified_calls = [
        (
            f"stratified_kfold_indices({what}, {k}, seed={seed})",
            (labels, k, seed),
            np.asarray(labels),
        )
        for what, labels, k, seed in stratified_cases()
    ]
    try:
        _check_splitter(candidate, STRATIFIED, stratified_calls, answer=STRATIFIED)
        stratified_score = _check_score(candidate, STRATIFIED, True, STRATIFIED)
    except NotAttempted:
        raise WrongAnswer(
            "`kfold_indices` passes every test. Now `stratified_kfold_indices`: it still raises "
            "NotImplementedError."
        ) from None
    return (
        "Both splitters pass: disjoint test folds that cover every row once, sizes within 1, "
        "each class (a rare one of 7 too) spread as evenly as it can be, shuffled, the same "
        f"folds for the same seed and others for another. A fixed model scores {kfold_score} "
        f"(k-fold), and {stratified_score} (stratified)."
    )

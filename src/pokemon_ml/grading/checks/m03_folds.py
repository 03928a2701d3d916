"""What exercise 3.1 checks in a set of folds, and how the folds are fetched.

``split_in_sandbox`` runs *inside the grading worker*: it disarms scikit-learn's
splitters, calls the learner's function, and returns its folds as arrays (or says
why it could not). ``fold_problem`` runs in the grader and names the first broken
promise of a k-fold split, in the order a learner can fix them: shape and dtype,
positions in range, the training part of each fold, coverage, sizes, classes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

__all__ = ["contiguous", "fold_problem", "partition", "split_in_sandbox"]

SHOWN_VALUES = 3  # example indices quoted in feedback
# Methods through which every scikit-learn splitter does its work (train_test_split too).
SPLITTER_METHODS = (
    "split",
    "_iter_test_indices",
    "_iter_test_masks",
    "_iter_indices",
    "_make_test_folds",
)
_SKLEARN_CALLS: list[str] = []  # in the worker: the splitters the learner's code called


class _SplitterCalled(BaseException):
    """Stops the learner's function when it calls a scikit-learn splitter (in the worker).

    A ``BaseException``, so an ``except Exception`` in the learner's code does not hide
    it; the call is recorded before it is raised, so a bare ``except`` does not either.
    """


# ------------------------------------------------------------ in the worker
def split_in_sandbox(splitter: Callable[..., Any], *args: Any) -> dict:
    """Call the learner's ``splitter(*args)`` with scikit-learn's splitters disarmed.

    Returns:
        ``{"folds": [(train, test), ...]}`` as numpy arrays, or ``{"sklearn": names}``
        or ``{"problem": "..."}`` (the shape it returned); with ``"after"``, the inputs
        as the learner left them, for the grader to compare in its own process.
    """
    _disarm_sklearn_splitters()
    _SKLEARN_CALLS.clear()
    try:
        result = splitter(*args)
        reply = _as_folds(result)  # a generator runs the learner's code here
    except _SplitterCalled:
        reply = {}
    if _SKLEARN_CALLS:
        return {"sklearn": sorted(set(_SKLEARN_CALLS))}
    return {**reply, "after": args}


def _disarm_sklearn_splitters() -> None:
    from sklearn.model_selection import _split

    for cls in vars(_split).values():
        if isinstance(cls, type) and cls.__module__ == _split.__name__:
            for method in SPLITTER_METHODS:
                if method in vars(cls) and not getattr(vars(cls)[method], "_tripwire", False):
                    setattr(cls, method, _tripwire())


def _tripwire() -> Callable[..., Any]:
    def called(self: Any, *args: Any, **kwargs: Any) -> Any:
        _SKLEARN_CALLS.append(type(self).__name__)
        raise _SplitterCalled(type(self).__name__)

    called._tripwire = True  # type: ignore[attr-defined]
    return called


def _as_folds(result: Any) -> dict:
    if result is None:
        return {"problem": "returned None (is a `return` missing?)"}
    if isinstance(result, (str, bytes, dict)) or not hasattr(result, "__iter__"):
        return {"problem": f"returned a {type(result).__name__}"}
    folds = []
    for number, fold in enumerate(result, start=1):
        if isinstance(fold, (str, bytes, dict)) or not hasattr(fold, "__len__") or len(fold) != 2:
            return {
                "problem": f"returned a fold (number {number}) that is not a pair: a {type(fold).__name__}"
            }
        pair = []
        for part in fold:
            if isinstance(part, (set, frozenset)):
                return {
                    "problem": f"returned a set in fold {number} (a set has no order; use an array)"
                }
            try:
                array = np.asarray(part)
            except (TypeError, ValueError) as error:
                return {"problem": f"returned a fold (number {number}) numpy cannot read ({error})"}
            pair.append(array.astype(np.int64) if array.size == 0 else array)
        folds.append(tuple(pair))
    return {"folds": folds}


# ------------------------------------------------------------ in the grader
def partition(folds: list[tuple[np.ndarray, np.ndarray]]) -> frozenset:
    """The test folds as a set of sets: equal for two splits exactly when they agree."""
    return frozenset(frozenset(test.tolist()) for _, test in folds)


def contiguous(folds: list[tuple[np.ndarray, np.ndarray]]) -> bool:
    """True when every test fold is a run of neighbouring positions (never shuffled)."""
    return all(test.size and test.max() - test.min() + 1 == test.size for _, test in folds)


def fold_problem(
    folds: list[tuple[np.ndarray, np.ndarray]], n: int, k: int, labels: np.ndarray | None = None
) -> str | None:
    """The first way ``folds`` breaks a k-fold split of ``n`` rows, in words; else None.

    Args:
        folds: the learner's ``(train, test)`` arrays.
        n: rows; k: folds asked for.
        labels: for a stratified split, the labels (by position).
    """
    if len(folds) != k:
        return f"returned {len(folds)} folds; k={k} asks for {k}."
    for number, pair in enumerate(folds, start=1):
        for what, part in zip(("train", "test"), pair):
            problem = _part_problem(part, f"fold {number}'s {what} part", n, labels)
            if problem:
                return problem
    if k > 2 and all(train.size < test.size for train, test in folds):
        return (
            "in every fold the first array is the smaller one. The order is "
            "`(train_idx, test_idx)`, as scikit-learn's `split` yields them."
        )
    for number, (train, test) in enumerate(folds, start=1):
        leaked = np.intersect1d(train, test)
        if leaked.size:
            return (
                f"fold {number}: {_some(leaked)} {_are(leaked)} in both its train and its test "
                "part. The model would be scored on rows it was trained on."
            )
        left_out = np.setdiff1d(np.arange(n), np.union1d(train, test))
        if left_out.size:
            return (
                f"fold {number}'s train part leaves out {left_out.size} row(s) that are not in "
                f"its test part either ({_some(left_out)}). Train on every row outside the test fold."
            )
    tested = np.bincount(np.concatenate([test for _, test in folds]), minlength=n)
    if (tested > 1).any():
        twice = np.flatnonzero(tested > 1)
        return f"{_some(twice)} {_are(twice)} in more than one test fold. Each row is tested exactly once."
    if (tested == 0).any():
        never = np.flatnonzero(tested == 0)
        return f"{_some(never)} {_are(never)} in no test fold. Every row is tested exactly once."
    problem = _class_problem(folds, k, labels) if labels is not None else None
    sizes = [test.size for _, test in folds]
    if not problem and max(sizes) - min(sizes) > 1:
        low = n // k
        problem = (
            f"the test folds hold {sizes} rows. Sizes may differ by at most 1 "
            f"({n} rows in {k} folds: {low} or {low + 1} each)."
        )
    return problem


def _part_problem(part: np.ndarray, what: str, n: int, labels: Any) -> str | None:
    if part.dtype == bool:
        return (
            f"{what} holds booleans (a mask). Return positions instead: `np.flatnonzero(mask)` "
            "turns a mask into them."
        )
    if part.dtype.kind not in "iu":
        return (
            f"{what} holds {part.dtype} values (such as {part.flat[0].item()!r}), not whole numbers. "
            "Indices are integer positions: 0, 1, 2, …"
        )
    if part.ndim != 1:
        return f"{what} has shape {part.shape}; a flat list of positions is expected."
    outside = part[(part < 0) | (part >= n)]
    if outside.size:
        label = (
            " Positions count rows from 0, whatever `y`'s index labels are."
            if labels is not None
            else ""
        )
        return f"{what} holds {_some(outside)}, outside the positions 0–{n - 1}.{label}"
    unique, counts = np.unique(part, return_counts=True)
    if (counts > 1).any():
        return f"{what} repeats {_some(unique[counts > 1])}. Each position appears once."
    return None


def _class_problem(folds: list, k: int, labels: np.ndarray) -> str | None:
    classes, codes = np.unique(labels.astype(str), return_inverse=True)
    members = np.bincount(codes)
    for code in np.argsort(members):  # the rarest class first: it is the one most often missed
        low, high = members[code] // k, -(-members[code] // k)
        for number, (_, test) in enumerate(folds, start=1):
            held = int(np.sum(codes[test] == code))
            if not low <= held <= high:
                rare = (
                    " A rare class counts as much as a common one."
                    if code == np.argmin(members)
                    else ""
                )
                spread = f"{low}" if low == high else f"{low} or {high}"
                return (
                    f"class {str(classes[code])!r} has {members[code]} members, so each test fold "
                    f"should hold {spread} of them (as evenly as they divide); fold {number} "
                    f"holds {held}.{rare} Stratified folds keep every class's share."
                )
    return None


def _some(values: np.ndarray) -> str:
    shown = ", ".join(str(int(v)) for v in values[:SHOWN_VALUES])
    more = f" and {values.size - SHOWN_VALUES} more" if values.size > SHOWN_VALUES else ""
    return f"{'index' if values.size == 1 else 'indices'} {shown}{more}"


def _are(values: np.ndarray) -> str:
    return "is" if values.size == 1 else "are"

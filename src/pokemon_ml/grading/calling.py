"""Call a learner's function safely: fresh copies in, their exceptions named.

``call_candidate`` is how every check runs the learner's code. It gives the
function private copies of its inputs, notices if the function changed them,
and turns what the function raised into the grading vocabulary:
``NotImplementedError`` means *not attempted*; any other exception becomes a
message naming the exception and the learner's own line.
"""

from __future__ import annotations

import copy
import hashlib
import time
import traceback
from pathlib import Path
from typing import Any, Callable

import pandas as pd
import polars as pl

__all__ = ["CandidateRaised", "NotAttempted", "WrongAnswer", "call_candidate", "time_calls"]


class WrongAnswer(Exception):
    """Raised by a check when the learner's answer is wrong; the message is the feedback."""


class NotAttempted(Exception):
    """The learner's function still raises NotImplementedError."""


class CandidateRaised(Exception):
    """The learner's function raised; the message names the exception and line."""


def call_candidate(candidate: Callable, *args: Any) -> Any:
    """Call the learner's function on private copies of ``args``.

    Raises:
        NotAttempted: the function raised ``NotImplementedError``.
        CandidateRaised: it raised anything else (message names the learner's line).
        WrongAnswer: it changed one of the inputs it was given.
    """
    if not callable(candidate):
        raise WrongAnswer(f"Expected a function, got {type(candidate).__name__}.")
    given = [copy.deepcopy(arg) for arg in args]
    before = [_fingerprint(arg) for arg in given]
    result = _invoke(candidate, given)
    for position, (arg, fingerprint) in enumerate(zip(given, before), start=1):
        if _fingerprint(arg) != fingerprint:
            what = "the file at the path" if isinstance(arg, (str, Path)) else "the data"
            raise WrongAnswer(
                f"Your function changed {what} it was given (argument {position}). "
                "A function that edits its input surprises every caller that still "
                "needs the original. Work on a copy (`df = df.copy()`) or build a new frame."
            )
    return result


def time_calls(candidate: Callable, argument_sets: list[tuple]) -> list[tuple[Any, float]]:
    """Call ``candidate`` once per argument tuple and time each call.

    Give every call inputs it has never seen (a cache keyed on earlier inputs then
    cannot win) and check every result it returns: a fast wrong answer is wrong.

    Returns:
        ``(result, seconds)`` per call, in order.
    """
    timed = []
    for args in argument_sets:
        given = [copy.deepcopy(arg) for arg in args]
        start = time.perf_counter()
        result = _invoke(candidate, given)
        timed.append((result, time.perf_counter() - start))
    return timed


def _invoke(candidate: Callable, args: list[Any]) -> Any:
    """Call the candidate, turning its exceptions into the grading vocabulary."""
    try:
        return candidate(*args)
    except NotImplementedError:
        raise NotAttempted from None
    except Exception as error:  # noqa: BLE001 - the learner's exception is the feedback
        raise CandidateRaised(_describe(error, candidate)) from None


def _fingerprint(value: Any) -> Any:
    """Something equal before and after a call exactly when ``value`` was not changed."""
    if isinstance(value, pd.DataFrame):
        hashed = pd.util.hash_pandas_object(value, index=True).to_numpy().tobytes()
        return (tuple(map(str, value.columns)), tuple(map(str, value.dtypes)), hashed)
    if isinstance(value, pl.DataFrame):
        return (tuple(value.columns), tuple(map(str, value.dtypes)), value.hash_rows().to_list())
    if isinstance(value, (str, Path)) and Path(value).is_file():
        return hashlib.sha256(Path(value).read_bytes()).hexdigest()
    return repr(value)


def _describe(error: Exception, candidate: Callable) -> str:
    """Type, message and the learner's own line of an exception."""
    frames = traceback.extract_tb(error.__traceback__)
    own_file = getattr(getattr(candidate, "__code__", None), "co_filename", None)
    learner_frames = [f for f in frames if f.filename == own_file] or frames[1:] or frames
    where = learner_frames[-1]
    line = ""
    if where.line:
        # Inside a running notebook a cell has no file of its own: quote the line only.
        file = Path(where.filename)
        place = f" at line {where.lineno} of {file.name}" if file.is_file() else ", in the line"
        line = f"{place}: `{where.line.strip()}`"
    return (
        f"Your function raised {type(error).__name__}: {error}{line}. "
        "Run it on the exercise's sample data in a cell of its own to see the full traceback."
    )

"""Call a learner's function safely: in its sandbox, on copies, its exceptions named.

``call_candidate`` is how every check runs the learner's code. The function runs in
its own worker process (``pokemon_ml.grading.sandbox``) on copies of the inputs;
the grader keeps the originals, notices if the function changed its copies, and
turns what happened into the grading vocabulary: ``NotImplementedError`` means
*not attempted*; any other exception becomes a message naming the exception and
the learner's own line; exits, interrupts and time-outs stop the check with a
message that says so.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import polars as pl

from pokemon_ml.grading.sandbox import Sandbox, SandboxStopped

__all__ = [
    "CandidateRaised",
    "NotAttempted",
    "SandboxStopped",
    "WrongAnswer",
    "call_candidate",
    "candidate_run",
    "candidate_value",
    "same_data",
    "time_calls",
]

DIRECT_CALL_LIMIT_S = 30.0  # time limit when a check's helper is used outside ``check``


class WrongAnswer(Exception):
    """Raised by a check when the learner's answer is wrong; the message is the feedback."""


class NotAttempted(Exception):
    """The learner's function still raises NotImplementedError (or, for a quiz, nothing
    is answered yet); a message, if given, tells the learner how to start."""


class CandidateRaised(Exception):
    """The learner's function raised; the message names the exception and line."""


def call_candidate(
    candidate: Sandbox | Any, *args: Any, answer: str | None = None, fresh: bool = False
) -> Any:
    """Call the learner's function on copies of ``args`` in its sandbox.

    Args:
        candidate: the ``Sandbox`` ``check`` opened (or a plain function: it gets one).
        *args: the inputs; the grader's own objects are never handed over.
        answer: which of the exercise's functions to call (its ``also`` names);
            the exercise's own function if None.
        fresh: call it in a new worker, where nothing an earlier call stored exists
            (so a function cannot replay an answer it computed for other inputs).

    Raises:
        NotAttempted: the function raised ``NotImplementedError``.
        CandidateRaised: it raised anything else (message names the learner's line).
        SandboxStopped: it ran out of time, exited or crashed the worker.
        WrongAnswer: it changed an input, or returned something the grader cannot read.
    """
    if not isinstance(candidate, Sandbox):
        with Sandbox(candidate, _name(candidate), DIRECT_CALL_LIMIT_S) as box:
            return call_candidate(box, *args, answer=answer)
    if fresh:
        box = candidate.fresh()
        try:
            box.start()
            return call_candidate(box, *args, answer=answer)
        finally:
            box.close()
            candidate.absorb(box)
    before = [_fingerprint(arg) for arg in args]
    result, after = _unpack(candidate.request("call", args, True, answer))
    for position, (arg, fingerprint) in enumerate(zip(after, before), start=1):
        if _fingerprint(arg) != fingerprint:
            what = "the file at the path" if isinstance(arg, (str, Path)) else "the data"
            raise WrongAnswer(
                f"Your function changed {what} it was given (argument {position}). "
                "A function that edits its input surprises every caller that still "
                "needs the original. Work on a copy (`df = df.copy()`) or build a new frame."
            )
    return result


def time_calls(
    candidate: Sandbox | Any, argument_sets: list[tuple], answer: str | None = None
) -> list[tuple[Any, float]]:
    """Call ``candidate`` once per argument tuple and time each call from outside.

    Give every call inputs it has never seen (a cache keyed on earlier inputs then
    cannot win) and check every result it returns: a fast wrong answer is wrong.
    The clock is the grader's, around the whole request (sending the inputs, the
    call, receiving the answer), so time a reference the same way: pass it here
    as a plain function and it runs in a sandbox of its own.

    Returns:
        ``(result, seconds)`` per call, in order.
    """
    if not isinstance(candidate, Sandbox):
        limit_s = DIRECT_CALL_LIMIT_S * max(1, len(argument_sets))
        with Sandbox(candidate, _name(candidate), limit_s) as box:
            return time_calls(box, argument_sets, answer)
    timed = []
    for args in argument_sets:
        reply, seconds = candidate.timed_request("call", tuple(args), False, answer)
        timed.append((_unpack(reply)[0], seconds))
    return timed


def candidate_value(candidate: Sandbox, name: str | None = None) -> Any:
    """One of the learner's answers as plain data: the exercise's own object, or the
    one called ``name`` (``"FEATURE_NOTES"``, for an exercise whose ``also`` lists it)."""
    return _unpack(candidate.request("value", name))[0]


def candidate_run(
    candidate: Sandbox, helper: Callable[..., Any], *args: Any, answer: str | None = None
) -> Any:
    """Run ``helper(learner_object, *args)`` inside the sandbox and return its result.

    ``answer`` names which of the exercise's answers ``helper`` receives (the
    exercise's own function if None).

    For answers that are themselves code — a pipeline to fit, an app to call — the
    grader's ``helper`` (a module-level function of a check module, so the worker can
    import it) uses the learner's object where it lives and returns plain data:
    predictions, status codes. Keep what decides the verdict (held-out labels, the
    expected values) out of ``args``, and compute the verdict here, from what returns.
    """
    return _unpack(candidate.request("run", helper, args, answer))[0]


def same_data(original: Any, returned: Any) -> bool:
    """True if ``returned`` (an input a worker-side helper sent back after the learner's
    call) is ``original`` unchanged: values, dtypes, index and column names, ``attrs``.

    Compare here, in the grader's process: code the learner ran in the worker could
    have rebound any comparison made there.
    """
    return _fingerprint(original) == _fingerprint(returned)


def _unpack(reply: tuple) -> tuple[Any, Any]:
    kind = reply[0]
    if kind == "ok":
        return reply[1], reply[2] if len(reply) > 2 else None
    if kind == "not_attempted":
        raise NotAttempted
    if kind == "raised":
        raise CandidateRaised(reply[1])
    if kind == "exited":
        raise SandboxStopped(
            f"Your function called `exit` or `sys.exit({reply[1]})`, which ends the program. "
            "A function must return its answer (or raise an exception that says what is wrong)."
        )
    if kind == "interrupted":
        raise SandboxStopped(
            "Your function raised KeyboardInterrupt, as if someone had pressed Ctrl+C. Do not "
            "raise or catch it to stop work: return the answer when it is ready."
        )
    if kind == "missing":
        raise WrongAnswer(
            f"The check needs your `{reply[1]}` too, and could not find it: keep its name, in "
            "the cell the notebook gave it (and, in a live check, pass it along)."
        )
    if kind == "not_callable":
        raise WrongAnswer(f"Expected a function, got {reply[1]}.")
    if kind == "unsendable":
        raise WrongAnswer(
            f"The grader could not read what your function returned: {reply[1]}. Return "
            "plain data: DataFrames, Series, arrays, numbers, strings, lists and dicts, "
            "with no class or function of your own inside."
        )
    raise RuntimeError(f"unknown reply from the grading worker: {kind!r}")


def _name(candidate: Any) -> str:
    return getattr(candidate, "__name__", None) or getattr(candidate, "name", "your function")


def _fingerprint(value: Any) -> Any:
    """Something equal before and after a call exactly when ``value`` was not changed."""
    if isinstance(value, (pd.DataFrame, pd.Series)):
        frame = value.to_frame() if isinstance(value, pd.Series) else value
        return (
            type(value).__name__,
            getattr(value, "name", None) if isinstance(value, pd.Series) else None,
            tuple(map(repr, frame.columns)),
            tuple(map(str, frame.dtypes)),
            tuple(frame.index.names),
            tuple(frame.columns.names),
            repr(value.attrs),
            value.flags.allows_duplicate_labels,
            _pandas_values_hash(frame),
        )
    if isinstance(value, pl.DataFrame):
        return (tuple(value.columns), tuple(map(str, value.dtypes)), _pickled_hash(value))
    if isinstance(value, np.ndarray):
        return (value.dtype.str, value.shape, _pickled_hash(value))
    if isinstance(value, (str, Path)) and Path(value).is_file():
        return hashlib.sha256(Path(value).read_bytes()).hexdigest()
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(_fingerprint(item) for item in value))
    if isinstance(value, dict):
        return tuple((repr(key), _fingerprint(item)) for key, item in value.items())
    return _pickled_hash(value)


def _pandas_values_hash(frame: pd.DataFrame) -> str:
    try:
        hashed = pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes()
        return hashlib.sha256(hashed).hexdigest()
    except TypeError:  # unhashable cells (lists): fall back to the bytes of a pickle
        return _pickled_hash(frame)


def _pickled_hash(value: Any) -> str:
    try:
        return hashlib.sha256(pickle.dumps(value)).hexdigest()
    except Exception:  # noqa: BLE001 - unpicklable: its repr is the best we have
        return repr(value)

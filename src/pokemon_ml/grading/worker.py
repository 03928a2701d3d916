"""The worker side of the sandbox: the only process that runs a learner's code.

``serve`` runs in a fresh process (see ``pokemon_ml.grading.sandbox``). It loads the
learner's function, then answers requests from the grader one at a time: call the
function on these inputs, hand over the object itself, or run a grader helper on it.
Every answer is a plain tuple, pickled with the standard library, that the grader
reads back with a restricted unpickler. Nothing the learner's code does here can
reach the grader's own process: at worst it spoils its own answer, or the process,
which the grader then stops.
"""

from __future__ import annotations

import os
import pickle
import sys
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import cloudpickle

__all__ = ["describe_exception", "serve"]


def serve(requests: Connection, output: Connection, candidate_blob: bytes) -> None:
    """Answer the grader's requests until it says stop (or stops this process).

    Args:
        requests: the two-way channel to the grader.
        output: where everything the learner's code prints goes (fds 1 and 2).
        candidate_blob: ``cloudpickle`` bytes of ``("object", name, answers)`` or
            ``("notebook", path, name, other_names)``.
    """
    _isolate(output)
    try:
        candidate = _load(candidate_blob)
    except Exception as error:  # noqa: BLE001 - reported to the grader as a load error
        requests.send_bytes(pickle.dumps(("load_error", f"{error}")))
        return
    requests.send_bytes(pickle.dumps(("ready",)))
    while True:
        request = pickle.loads(requests.recv_bytes())
        if request[0] == "stop":
            return
        reply = _attempt(candidate, request)
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            blob = pickle.dumps(reply)
        except Exception as error:  # noqa: BLE001 - the answer cannot travel: say what it was
            what = type(reply[1]).__name__ if len(reply) > 1 else "?"
            blob = pickle.dumps(("unsendable", f"it holds a {what} that cannot travel ({error})"))
        requests.send_bytes(blob)


def _isolate(output: Connection) -> None:
    """Own process group (so stopping it stops its children), captured output, and one
    BLAS/OpenMP thread (small fits on a busy machine run 5–10× slower with more)."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)
    if hasattr(os, "setpgid"):
        try:
            os.setpgid(0, 0)
        except OSError:
            pass  # already a group leader
    sys.stdout.flush()
    sys.stderr.flush()
    for fd in (1, 2):
        os.dup2(output.fileno(), fd)


def _load(candidate_blob: bytes) -> _Answers:
    spec = cloudpickle.loads(candidate_blob)
    if spec[0] == "object":
        return _Answers(spec[1], spec[2])
    from pokemon_ml.grading.progress import load_answers

    _, path, name, also, elsewhere = spec
    answers = load_answers(Path(path), (name, *also))
    by_file: dict[str, tuple[str, ...]] = {}
    for other_name, other_path in elsewhere:
        by_file[other_path] = (*by_file.get(other_path, ()), other_name)
    for other_path, names in by_file.items():
        answers.update(load_answers(Path(other_path), names))
    return _Answers(name, answers)


class _Answers:
    """The learner's answers by name; ``main`` is the exercise's function."""

    def __init__(self, main: str, answers: dict[str, Any]) -> None:
        self.main = main
        self.answers = answers


def _attempt(candidate: _Answers, request: tuple) -> tuple:
    """Run one request; turn whatever the learner's code does into a reply tuple.

    Requests: ``("value", name)``, ``("call", args, return_args, name)`` and
    ``("run", helper, args, name)``; ``name`` None means the exercise's main answer.
    """
    kind, name = request[0], request[-1] or candidate.main
    if name not in candidate.answers:
        return ("missing", name)
    answer = candidate.answers[name]
    if kind == "value":
        return ("ok", answer, None)
    if kind == "call":
        _, args, return_args, _ = request
        if not callable(answer):
            return ("not_callable", type(answer).__name__)
        result = _guarded(answer, lambda: answer(*args))
        return result if result[0] != "ok" else ("ok", result[1], args if return_args else None)
    if kind == "run":
        _, helper, args, _ = request
        return _guarded(answer, lambda: helper(answer, *args))
    return ("raised", f"the grader sent an unknown request {kind!r}")


def _guarded(candidate: Any, action: Callable[[], Any]) -> tuple:
    try:
        return ("ok", action())
    except NotImplementedError:
        return ("not_attempted",)
    except SystemExit as error:
        return ("exited", f"{error.code}")
    except KeyboardInterrupt:
        return ("interrupted",)
    except BaseException as error:  # noqa: BLE001 - the learner's exception is the feedback
        return ("raised", describe_exception(error, candidate))


def describe_exception(error: BaseException, candidate: Any) -> str:
    """Type, message and the learner's own line of an exception."""
    frames = traceback.extract_tb(error.__traceback__)
    own_file = getattr(getattr(candidate, "__code__", None), "co_filename", None)
    learner_frames = (
        [f for f in frames if f.filename == own_file]
        or [f for f in frames if f.filename != __file__]
        or frames
    )
    line = ""
    if learner_frames and learner_frames[-1].line:
        where = learner_frames[-1]
        # Inside a running notebook a cell has no file of its own: quote the line only.
        file = Path(where.filename)
        place = f" at line {where.lineno} of {file.name}" if file.is_file() else ", in the line"
        line = f"{place}: `{where.line.strip()}`"
    return (
        f"Your function raised {type(error).__name__}: {error}{line}. "
        "Run it on the exercise's sample data in a cell of its own to see the full traceback."
    )

"""Run a learner's code in a worker process the grader can always stop.

A check never calls the learner's function itself. It opens a ``Sandbox``: a fresh
worker process (``pokemon_ml.grading.worker``) that holds the function, receives
copies of the inputs, and sends back plain data. So whatever the function does —
loop forever inside C code, exit, swallow interrupts, print megabytes, rebind the
grader's helpers, edit cached inputs — the grader keeps its own inputs and
references, and it stops the worker (and anything the worker started) when the
time is up. One sandbox serves one check; the next check gets a new one.

Workers are forked from a *forkserver*: a clean process started once, which has
imported the course's libraries but started no thread pools, so a fork is both fast
(≈30 ms) and safe. Where there is no fork (Windows) each worker is spawned instead.

What comes back is read with a restricted unpickler: data from numpy, pandas,
polars, pyarrow and scikit-learn, but no function or class the learner defined —
reading it cannot run the learner's code in the grader's process.
"""

from __future__ import annotations

import contextlib
import io
import multiprocessing
import multiprocessing.spawn
import os
import pickle
import signal
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cloudpickle

from pokemon_ml.grading import worker

__all__ = ["LearnerFunction", "Sandbox", "SandboxStopped", "restricted_loads", "warm_up"]

STARTUP_LIMIT_S = 120.0  # starting a worker (not the learner's time); the first loads libraries
OUTPUT_KEPT_BYTES = 2_000  # of what the learner's code prints, shown in the feedback
_STARTING = threading.Lock()  # one worker starts at a time (see _main_module_not_reimported)
# Imported once by the forkserver, so a worker starts with them loaded. A name that
# is not installed is skipped (the package runs without marimo).
PRELOAD = [
    "pokemon_ml",
    "pokemon_ml.grading.worker",
    "pokemon_ml.features",
    "pokemon_ml.evaluation",  # Module 4's checks run parts of it in the worker
    "pokemon_ml.serving",  # Module 5's too, and its learners build FastAPI apps
    "pandera.pandas",  # every capstone criterion loads a validator module that imports it
    "fastapi.testclient",
    "marimo",  # every learner notebook imports it
    "matplotlib.pyplot",  # and the core notebooks plot
    "seaborn",
    "sklearn.compose",
    "sklearn.ensemble",
    "sklearn.linear_model",
    "sklearn.metrics",
    "sklearn.model_selection",
    "sklearn.pipeline",
    "sklearn.preprocessing",
]


@dataclass(frozen=True)
class LearnerFunction:
    """A function in a learner's notebook (and the other answers it comes with, such as
    ``FEATURE_NOTES``), loaded only inside the worker.

    ``elsewhere`` names answers written in other files: ``(name, path)`` pairs (the
    capstone's service, beside its model module).
    """

    notebook: Path
    name: str
    also: tuple[str, ...] = ()
    elsewhere: tuple[tuple[str, Path], ...] = ()


class SandboxStopped(Exception):
    """The worker stopped without an answer; the message says why, for the learner."""


class Sandbox:
    """One worker process holding the learner's ``candidate``.

    Args:
        candidate: the learner's function or object, or a ``LearnerFunction``.
        name: what the learner calls it, for messages (``"load_clean"``).
        time_limit_s: the learner's code may run this long in all, over every request.
        also: the learner's other answers by name, when ``candidate`` is an object.
    """

    def __init__(
        self, candidate: Any, name: str, time_limit_s: float, also: dict | None = None
    ) -> None:
        self.name = name
        self._also = also or {}
        self.remaining_s = time_limit_s
        self.time_limit_s = time_limit_s
        self._candidate = candidate
        self._process: Any = None
        self._output: _Output | None = None

    def __enter__(self) -> Sandbox:
        self.start()
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def start(self) -> None:
        """Start the worker and wait until it holds the candidate."""
        context = _context()
        self._requests, child_requests = context.Pipe()
        output_reader, output_writer = context.Pipe(duplex=False)
        self._process = context.Process(
            target=worker.serve,
            args=(child_requests, output_writer, _pack(self._candidate, self.name, self._also)),
            daemon=True,
            name=f"grading-{self.name}",
        )
        with _main_module_not_reimported():
            self._process.start()
        child_requests.close()
        output_writer.close()
        self._output = _Output(output_reader)
        reply = self._receive(STARTUP_LIMIT_S, counted=False)
        if reply[0] == "load_error":
            raise SandboxStopped(reply[1])

    def fresh(self, time_limit_s: float | None = None) -> Sandbox:
        """Another worker for the same answers, sharing what is left of the time limit.

        For a call that must not see anything an earlier call left behind (a cache of
        answers keyed on the rows it was given). Close it, then ``absorb`` it.

        Args:
            time_limit_s: a limit of its own instead (a part of a scored check that
                must not eat the time of the parts after it); then do not ``absorb`` it.
        """
        limit_s = self.remaining_s if time_limit_s is None else time_limit_s
        box = Sandbox(self._candidate, self.name, limit_s, also=self._also)
        box.time_limit_s = self.time_limit_s if time_limit_s is None else time_limit_s
        return box

    @property
    def folder(self) -> Path | None:
        """The folder of the learner's files (a ``LearnerFunction``'s), else None."""
        if isinstance(self._candidate, LearnerFunction):
            return Path(self._candidate.notebook).parent
        return None

    def absorb(self, other: Sandbox) -> None:
        """Count the time ``other`` (from ``fresh``) used against this sandbox's limit."""
        self.remaining_s = other.remaining_s

    def request(self, *message: Any) -> tuple:
        """Send one request (see ``worker``) and return the worker's reply tuple."""
        return self.timed_request(*message)[0]

    def timed_request(self, *message: Any) -> tuple[tuple, float]:
        """Send one request; return the reply and the seconds from sending to the answer."""
        blob = pickle.dumps(message)
        start = time.perf_counter()
        # A worker busy with runaway threads may not read: never let sending block the grader.
        sender = threading.Thread(target=self._send, args=(blob,), daemon=True)
        sender.start()
        reply = self._receive(self.remaining_s, counted=True)
        return reply, time.perf_counter() - start

    def _send(self, blob: bytes) -> None:
        try:
            self._requests.send_bytes(blob)
        except OSError:
            pass  # the worker is gone; receiving says why

    def close(self) -> None:
        """Stop the worker and everything it started; keep what it printed.

        No polite goodbye: the worker flushed its output after its last answer, and
        killing it at once is both faster and sure to stop what it left running.
        """
        if self._process is None:
            return
        _kill(self._process)
        self._process = None
        if self._output is not None:
            self._output.finish()

    def printed(self) -> str:
        """What the learner's code printed so far, cut to a readable length."""
        return self._output.summary() if self._output is not None else ""

    def _receive(self, limit_s: float, counted: bool) -> tuple:
        start = time.perf_counter()
        ready = self._requests.poll(max(limit_s, 0.0))
        if counted:
            self.remaining_s -= time.perf_counter() - start
        if not ready:
            _kill(self._process)
            raise SandboxStopped(
                f"Your `{self.name}` was still running after {self.time_limit_s:g} s, so the "
                "check stopped it. Look for a loop that never ends, or work that grows much "
                "faster than the data (a loop inside a loop over rows)."
            )
        try:
            blob = self._requests.recv_bytes()
        except (EOFError, OSError):
            self._process.join(1.0)
            raise SandboxStopped(_ended_message(self.name, self._process.exitcode)) from None
        try:
            return restricted_loads(blob)
        except pickle.UnpicklingError as error:
            return ("unsendable", str(error))


def warm_up() -> None:
    """Start the forkserver in the background now, so the first check does not wait.

    A notebook calls this when it loads (``pokemon_ml.grading.notebook`` does): the
    server imports the libraries while the notebook's other cells run.
    """
    context = _context()
    if context.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        threading.Thread(target=forkserver.ensure_running, daemon=True).start()


def _context() -> Any:
    """forkserver where the platform has it (Linux, macOS), spawn elsewhere (Windows).

    ``POKEMON_ML_SANDBOX_START=spawn`` forces the Windows way, to test it anywhere.
    """
    wanted = os.environ.get("POKEMON_ML_SANDBOX_START", "forkserver")
    if wanted == "forkserver" and "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        return context
    return multiprocessing.get_context("spawn")


@contextlib.contextmanager
def _main_module_not_reimported() -> Iterator[None]:
    """Start a worker without re-running the parent's ``__main__`` script in it.

    multiprocessing normally imports the parent's main script in every worker, so a
    learner's script that calls ``check`` without an ``if __name__ == "__main__":``
    guard would start workers forever. The worker needs nothing from that script.
    """
    original = multiprocessing.spawn.get_preparation_data

    def without_main(name: str) -> dict:
        data = original(name)
        data.pop("init_main_from_path", None)
        data.pop("init_main_from_name", None)
        return data

    with _STARTING:
        multiprocessing.spawn.get_preparation_data = without_main
        try:
            yield
        finally:
            multiprocessing.spawn.get_preparation_data = original


def _pack(candidate: Any, name: str, also: dict) -> bytes:
    """The answers as bytes the worker can load; a notebook's function travels by value."""
    if isinstance(candidate, LearnerFunction):
        elsewhere = tuple((name, str(path)) for name, path in candidate.elsewhere)
        for path in (candidate.notebook, *(path for _, path in elsewhere)):
            sys.audit("pokemon_ml.grading.learner_file", str(path))  # for the tests
        return cloudpickle.dumps(
            ("notebook", str(candidate.notebook), candidate.name, candidate.also, elsewhere)
        )
    answers = {name: candidate, **also}
    modules = {
        sys.modules.get(getattr(value, "__module__", None) or "") for value in answers.values()
    }
    by_value = [
        module
        for module in modules
        if module is not None and not module.__name__.startswith(("pokemon_ml", "builtins"))
    ]
    for module in by_value:  # a test module or a notebook: the worker should not import it again
        cloudpickle.register_pickle_by_value(module)
    try:
        return cloudpickle.dumps(("object", name, answers))
    except Exception as error:  # noqa: BLE001 - say what could not be sent
        raise SandboxStopped(
            f"The check could not hand your `{name}` to its worker "
            f"({type(error).__name__}: {error}). Keep the function self-contained: it may use "
            "its arguments, imported modules and other functions, not open files, locks or "
            "UI elements."
        ) from None
    finally:
        for module in by_value:
            cloudpickle.unregister_pickle_by_value(module)


def _kill(process: Any) -> None:
    """Stop a worker and its process group now (SIGKILL cannot be caught or ignored)."""
    if process is None or process.pid is None:
        return
    if hasattr(os, "killpg"):  # the group: whatever the learner's code started, too
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    if process.exitcode is None:
        process.kill()
        process.join(5.0)


def _ended_message(name: str, exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        signal_name = signal.Signals(-exitcode).name if -exitcode in signal.valid_signals() else ""
        return (
            f"Your `{name}` ended the grader's worker process with signal {signal_name or -exitcode}"
            " (a crash inside a library, or the machine ran out of memory). A function should "
            "return its answer: look for a very large allocation or a call that crashes."
        )
    return (
        f"Your `{name}` ended the process (exit code {exitcode}) instead of returning an answer. "
        "A function must never call `exit()`, `sys.exit()` or `os._exit()`: return the result "
        "(or raise an exception that says what is wrong)."
    )


class _Output:
    """Drain what the worker prints, keep the first bytes, count the rest."""

    def __init__(self, reader: Any) -> None:
        self._fd = reader.fileno()
        self._reader = reader  # keeps the fd open while the thread reads it
        self.kept = bytearray()
        self.n_bytes = 0
        self._thread = threading.Thread(target=self._drain, daemon=True, name="sandbox-output")
        self._thread.start()

    def _drain(self) -> None:
        while chunk := _read(self._fd):
            self.n_bytes += len(chunk)
            if len(self.kept) < OUTPUT_KEPT_BYTES:
                self.kept += chunk[: OUTPUT_KEPT_BYTES - len(self.kept)]

    def finish(self) -> None:
        self._thread.join(2.0)
        self._reader.close()

    def summary(self) -> str:
        if not self.n_bytes:
            return ""
        text = self.kept.decode("utf-8", errors="replace")
        cut = self.n_bytes - len(self.kept)
        return text + (f"\n… and {cut:,} more bytes" if cut > 0 else "")


def _read(fd: int) -> bytes:
    try:
        return os.read(fd, 65_536)
    except OSError:
        return b""


# ------------------------------------------------------------ reading answers safely
_SAFE_PACKAGES = ("numpy", "pandas", "polars", "pyarrow", "sklearn", "scipy", "xgboost")
_SAFE_MODULES = ("collections", "datetime", "decimal", "fractions", "zoneinfo", "pathlib")
_SAFE_BUILTINS = {
    "bool", "bytearray", "bytes", "complex", "dict", "float", "frozenset", "int",
    "list", "object", "range", "set", "slice", "str", "tuple",
}  # fmt: skip
# Functions the libraries' own pickles call to rebuild their objects.
_REBUILDERS = (
    "_reconstruct",
    "_mareconstruct",  # masked arrays (a fitted search's results table)
    "_unpickle",
    "__pyx_unpickle",
    "_new_",
    "_restore",
    "_frombuffer",
)
_REBUILDER_NAMES = {
    "scalar",
    "py_buffer",
    "type_for_alias",
    # numpy's random generators (a fitted HistGradientBoosting keeps one): they rebuild a
    # generator of a named numpy bit generator and run nothing else.
    "__generator_ctor",
    "__bit_generator_ctor",
    "__randomstate_ctor",
}
_COURSE_FEATURES = "pokemon_ml.features."
# ``getattr`` calls the libraries' pickles make, and only these: a time zone pickles as
# ``getattr(ZoneInfo, "_unpickle")(key)`` (a timestamp column from polars or parquet).
_SAFE_ATTRIBUTES = {("zoneinfo", "ZoneInfo", "_unpickle")}


def _restricted_getattr(owner: Any, name: str) -> Any:
    where = (getattr(owner, "__module__", ""), getattr(owner, "__qualname__", ""), name)
    if isinstance(owner, type) and where in _SAFE_ATTRIBUTES:
        return getattr(owner, name)
    raise pickle.UnpicklingError(f"getattr({where[0]}.{where[1]}, {name!r})")


class _Restricted(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if module == "builtins" and name in _SAFE_BUILTINS:
            return super().find_class(module, name)
        if module == "builtins" and name == "getattr":
            return _restricted_getattr
        if module == "copyreg" and name in ("_reconstructor", "__newobj__"):
            return super().find_class(module, name)
        top = module.split(".")[0]
        if top in _SAFE_PACKAGES or module in _SAFE_MODULES:
            found = super().find_class(module, name)
            rebuilder = name.startswith(_REBUILDERS) or name in _REBUILDER_NAMES
            ufunc = type(found).__name__ == "ufunc"  # np.log in a FunctionTransformer
            if isinstance(found, type) or not callable(found) or rebuilder or ufunc:
                return found
        if module.startswith(_COURSE_FEATURES):  # the course's own pure feature functions
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name}")


def restricted_loads(blob: bytes) -> Any:
    """Unpickle data, refusing any function or class outside the course's libraries.

    Raises:
        pickle.UnpicklingError: naming what was refused.
    """
    try:
        return _Restricted(io.BytesIO(blob)).load()
    except pickle.UnpicklingError as refused:
        raise pickle.UnpicklingError(f"it holds a {refused} object") from None

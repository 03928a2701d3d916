"""PROGRESS.md, the learner's tracker: tick its boxes and fill its figures, word for word.

The learner writes in PROGRESS.md; the course may only touch what hidden HTML
comments hand over to it, and only ever moves it forward:

* ``- [ ] Exercise 1.2 … <!-- check:1.2 -->`` — the box is ticked once 1.2 passes;
* ``- **Exercises Completed**: 3 / 15 … <!-- figure:exercises -->`` — the number
  between ``": "`` and ``" / 15"`` (or a blank ``__`` there) is the figure's slot;
  it is set from the figure's source and never lowered;
* ``**Module 1 Status**: ⬜ Not Started | ⬜ In Progress | ⬜ Completed <!-- status:1 -->``
  — the ⬜ of each stage the module has reached becomes ✅;
* ``**Status**: ⬜ Pass | ⬜ Need Review <!-- course-status:1 -->`` — a course
  checkpoint's ⬜ Pass becomes ✅ once its quiz and exam (or the capstone) pass.

Every other character, line ending included, stays as it was. A file without the
``<!-- tracker:2 -->`` marker is the earlier, shorter tracker: it is ticked as
before, and the full tracker is written *beside* it (``PROGRESS.new.md``), never
over it. What fills each figure is registered in ``pokemon_ml.grading.figures``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from pokemon_ml.grading.figures import (
    COURSE_CHECKPOINTS,
    FIGURE_SOURCES,
    Standing,
    module_stage,
)
from pokemon_ml.grading.registry import CheckResult, Exercise

__all__ = [
    "TEMPLATE",
    "draft_full_tracker",
    "is_full_tracker",
    "tick_progress_file",
    "update_progress",
    "update_tracker",
]

TEMPLATE = Path(__file__).with_name("tracker_template.md")  # the full tracker, as shipped
FULL_TRACKER_MARKER = "<!-- tracker:2 -->"
STAGES = ("In Progress", "Completed")  # the status options the tool may mark, in order

# A Markdown task-list box with a check marker: "- [ ] Exercise 1.2 … <!-- check:1.2 -->"
_BOX = re.compile(r"^(?P<head>\s*[-*+] \[)(?P<mark>[ xX])\].*<!--\s*check:(?P<id>[\w.]+)\s*-->")
_FIGURE = re.compile(r"<!--\s*figure:(?P<name>[\w.-]+)\s*-->")
_SLOT = re.compile(r": (?P<value>\d+|_+) / \d+")  # the first "N / M" after a colon
_STATUS = re.compile(r"<!--\s*status:(?P<module>\d+)\s*-->")
_COURSE_STATUS = re.compile(r"<!--\s*course-status:(?P<number>\d+)\s*-->")

Results = list[tuple[Exercise, CheckResult]]


def is_full_tracker(text: str) -> bool:
    """Whether ``text`` is the full tracker (it carries the ``tracker:2`` marker)."""
    return FULL_TRACKER_MARKER in text


def _tick(lines: list[str], ids: set[str] | frozenset[str]) -> list[str]:
    """Tick, in place, the unticked boxes whose check id is in ``ids``; return those ids."""
    ticked = []
    for number, line in enumerate(lines):
        match = _BOX.match(line)
        if match and match["mark"] == " " and match["id"] in ids:
            lines[number] = f"{match['head']}x{line[match.end('mark') :]}"
            ticked.append(match["id"])
    return ticked


def _fill(lines: list[str], standing: Standing) -> list[str]:
    """Raise figure slots and mark module stages, in place; return what changed, in words."""
    changes = []
    for number, line in enumerate(lines):
        if marker := _FIGURE.search(line):
            source = FIGURE_SOURCES.get(marker["name"])
            value = source(standing) if source else None
            slot = _SLOT.search(line, 0, marker.start())
            old = slot["value"] if slot else ""
            if value is not None and slot and (not old.isdigit() or int(old) < value):
                line = f"{line[: slot.start('value')]}{value}{line[slot.end('value') :]}"
                changes.append(f"{marker['name']} {value}")
        if marker := _STATUS.search(line):
            stage = module_stage(int(marker["module"]), standing.passed)
            for label in STAGES[:stage]:
                option = re.compile(rf"⬜(?=\s*{label})", re.IGNORECASE)
                if option.search(line, 0, marker.start()):
                    line = option.sub("✅", line, count=1)
                    changes.append(f"Module {marker['module']} {label}")
        if marker := _COURSE_STATUS.search(line):
            items = COURSE_CHECKPOINTS.get(int(marker["number"]), ())
            option = re.compile(r"⬜(?=\s*Pass)")
            if items and all(item in standing.passed for item in items):
                if option.search(line, 0, marker.start()):
                    line = option.sub("✅", line, count=1)
                    changes.append(f"Course checkpoint {marker['number']} Pass")
        lines[number] = line
    return changes


def _read_lines(path: Path) -> list[str]:
    with open(path, encoding="utf-8", newline="") as handle:  # newline="": keep \r\n as written
        return handle.read().splitlines(keepends=True)


def _write(path: Path, text: str) -> None:
    """Replace ``path`` atomically, so an interrupted run cannot truncate it."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
    os.replace(tmp, path)


def _passed(results: Results) -> frozenset[str]:
    return frozenset(result.exercise_id for _, result in results if result.passed)


def _standing(results: Results, root: Path) -> Standing:
    scores = {r.exercise_id: r.score for _, r in results if r.score is not None}
    return Standing(_passed(results), root, scores)


def tick_progress_file(path: Path, results: Results) -> list[str]:
    """Tick the PROGRESS.md boxes of passed exercises; change nothing else.

    Boxes are only ever ticked, never unticked: a learner's own ticks stay.

    Args:
        path: the tracker file.
        results: ``(exercise, result)`` pairs, as ``grade_workspace`` returns them.

    Returns:
        The ids whose boxes were newly ticked.
    """
    lines = _read_lines(path)
    ticked = _tick(lines, _passed(results))
    if ticked:
        _write(path, "".join(lines))
    return ticked


def update_tracker(path: Path, results: Results, root: Path) -> tuple[list[str], list[str]]:
    """Tick boxes, raise figures and mark module stages in one tracker file.

    Args:
        path: a tracker file (PROGRESS.md, or PROGRESS.new.md beside it).
        results: ``(exercise, result)`` pairs, as ``grade_workspace`` returns them.
        root: the course folder, handed to figure sources.

    Returns:
        The ids newly ticked, and the figures and stages newly filled, in words.
    """
    lines = _read_lines(path)
    ticked = _tick(lines, _passed(results))
    filled = _fill(lines, _standing(results, root))
    if ticked or filled:
        _write(path, "".join(lines))
    return ticked, filled


def draft_full_tracker(old_text: str, results: Results, root: Path) -> str:
    """The full tracker for a learner who has the earlier one, their words kept.

    Args:
        old_text: the earlier PROGRESS.md, exactly as read.
        results: ``(exercise, result)`` pairs, as ``grade_workspace`` returns them.
        root: the course folder, handed to figure sources.

    Returns:
        The template with the boxes ticked that pass or that ``old_text`` has ticked
        (matched by check marker), its figures filled, and all of ``old_text``,
        unchanged, at the end; in ``old_text``'s line endings.
    """
    lines = TEMPLATE.read_text(encoding="utf-8").splitlines(keepends=True)
    ticked_before = {
        m["id"] for m in map(_BOX.match, old_text.splitlines()) if m and m["mark"] != " "
    }
    _tick(lines, _passed(results) | ticked_before)
    _fill(lines, _standing(results, root))
    tail = (
        "\n---\n\n## My earlier PROGRESS.md, word for word\n\n"
        "Below is the tracker you used before this one, exactly as it was when this one was "
        "made. Move what you wrote into the spaces above whenever you like.\n\n"
    )
    text = "".join(lines) + tail
    return (text.replace("\n", "\r\n") if "\r\n" in old_text else text) + old_text


def update_progress(path: Path, results: Results, root: Path) -> list[str]:
    """What ``pokemon-ml progress --update`` does to PROGRESS.md; returns what to tell the learner.

    The full tracker is updated in place. The earlier tracker is only ticked, and
    the full one is made beside it as PROGRESS.new.md (or, if that exists, updated
    like any tracker): nothing is ever written over a file the learner wrote.

    Args:
        path: the learner's PROGRESS.md.
        results: ``(exercise, result)`` pairs, as ``grade_workspace`` returns them.
        root: the course folder, handed to figure sources.

    Returns:
        Lines of text for the learner.
    """
    if is_full_tracker(path.read_text(encoding="utf-8")):
        return _report(path, *update_tracker(path, results, root))
    news = _report(path, tick_progress_file(path, results), [])
    beside = path.with_name(f"{path.stem}.new.md")
    old_text = "".join(_read_lines(path))
    if beside.exists():
        ticked, filled = update_tracker(beside, results, root)
        news += _report(beside, ticked, filled) if ticked or filled else []
        kept = old_text in "".join(_read_lines(beside))
    else:
        _write(beside, draft_full_tracker(old_text, results, root))
        kept = True
    news.append(
        f"{path.name} is the earlier, shorter tracker. The full one is {beside.name}, beside "
        "it: your ticks carried over and, at its end, your whole file word for word. To "
        f"switch, rename {path.name} to {path.stem}.old.md and {beside.name} to {path.name}."
    )
    if not kept:
        news.append(
            f"You have written in {path.name} since {beside.name} was made: copy that across, "
            f"or delete {beside.name} (if you have not written in it) to have it made again."
        )
    return news


def _report(path: Path, ticked: list[str], filled: list[str]) -> list[str]:
    """One line on the boxes ticked, and one on the figures filled if any."""
    news = [
        f"{path.name}: ticked {', '.join(ticked)}."
        if ticked
        else f"{path.name}: nothing new to tick."
    ]
    return news + ([f"{path.name}: filled in {', '.join(filled)}."] if filled else [])

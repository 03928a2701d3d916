"""`pokemon-ml progress --update`: ticks PROGRESS.md and fills its figures without
touching a word the learner wrote — in the full tracker and in the earlier one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pokemon_ml import cli
from pokemon_ml.cli import main
from pokemon_ml.grading import CheckResult, get_exercise
from pokemon_ml.grading.figures import FIGURE_SOURCES
from pokemon_ml.grading.progress import LoadError, load_function, tick_progress_file
from pokemon_ml.grading.tracker import TEMPLATE, is_full_tracker, update_progress, update_tracker

EARLIER_TRACKER = Path(__file__).with_name("fixtures") / "progress_before_full_tracker.md"
MODULE_1 = ("1.1", "1.2", "1.3", "C1")


def results(**statuses: str):
    return [
        (get_exercise(i.replace("_", ".")), CheckResult(i.replace("_", "."), s, ""))
        for i, s in statuses.items()
    ]


def passing(*ids: str):
    """Results in which exactly ``ids`` pass (the tracker reads only the results)."""
    return [(None, CheckResult(i, "passed", "")) for i in ids]


def only_tool_slots_differ(before: str, after: str) -> bool:
    """True when ``after`` is ``before`` with at most boxes ticked, figure values
    raised and module stages marked, on the lines whose markers allow it."""
    before_lines = before.splitlines(keepends=True)
    after_lines = after.splitlines(keepends=True)
    if len(before_lines) != len(after_lines):
        return False
    for old, new in zip(before_lines, after_lines):
        if old != new and _tool_slots_blanked(old) != _tool_slots_blanked(new):
            return False
    return True


def _tool_slots_blanked(line: str) -> str:
    """The line with what the tool may change (a box, a figure, a stage) set to blank."""
    if "<!-- check:" in line:
        line = re.sub(r"^(\s*[-*+] )\[[xX ]\]", r"\1[ ]", line)
    if "<!-- figure:" in line:
        line = re.sub(r": (\d+|_+) /", ": N /", line, count=1)
    if "<!-- status:" in line or "<!-- course-status:" in line:
        line = line.replace("✅", "⬜")
    return line


# --- ticking boxes (the mechanism every tracker uses) -----------------------


def test_ticks_only_passed_boxes_and_keeps_every_other_byte(tmp_path: Path) -> None:
    original = (
        "# My progress\r\n"
        "- [ ] Exercise 1.1 <!-- check:1.1 -->\r\n"
        "- [ ] Exercise 1.2 <!-- check:1.2 -->\r\n"
        "- [x] Read the notebook (ticked by hand)\r\n"
        "* [ ] Checkpoint C1 — notes: *tricky!* <!-- check:C1 -->\r\n"
        "Reflection: I learned that [ ] is a box. <!-- check:1.1 -->\r\n"
    )
    path = tmp_path / "PROGRESS.md"
    path.write_bytes(original.encode())
    ticked = tick_progress_file(path, results(**{"1_1": "passed", "1_2": "failed", "C1": "passed"}))
    assert ticked == ["1.1", "C1"]
    expected = original.replace("- [ ] Exercise 1.1", "- [x] Exercise 1.1").replace(
        "* [ ] Checkpoint", "* [x] Checkpoint"
    )
    assert path.read_bytes() == expected.encode()


def test_a_box_ticked_by_hand_stays_ticked(tmp_path: Path) -> None:
    path = tmp_path / "PROGRESS.md"
    path.write_text("- [x] Exercise 1.1 <!-- check:1.1 -->\n")
    assert tick_progress_file(path, results(**{"1_1": "failed"})) == []
    assert path.read_text() == "- [x] Exercise 1.1 <!-- check:1.1 -->\n"


# --- figures and module stages in the full tracker --------------------------


@pytest.fixture
def tracker(tmp_path: Path) -> Path:
    """A fresh copy of the full tracker, as a learner starts with it."""
    path = tmp_path / "PROGRESS.md"
    path.write_bytes(TEMPLATE.read_bytes())
    return path


def figure_line(text: str, name: str) -> str:
    return next(line for line in text.splitlines() if f"<!-- figure:{name} -->" in line)


def test_update_fills_the_figures_it_knows_from_graded_work(tracker: Path) -> None:
    before = tracker.read_text(encoding="utf-8")
    ticked, filled = update_tracker(tracker, passing(*MODULE_1, "2.1"), tracker.parent)
    after = tracker.read_text(encoding="utf-8")
    assert ticked == [*MODULE_1, "2.1"]
    assert "**Modules Completed**: 1 / 5" in figure_line(after, "modules")
    assert "**Exercises Completed**: 4 / 15" in figure_line(after, "exercises")
    assert "**Checkpoints Passed**: 1 / 5" in figure_line(after, "checkpoints")
    assert "**Course Checkpoints Passed**: __ / 3" in figure_line(after, "course-checkpoints")
    assert "Score: _____ / 20" in figure_line(after, "quiz-1")  # not taken: no score yet
    assert "**Module 1 Status**: ⬜ Not Started | ✅ In Progress | ✅ Completed" in after
    assert "**Module 2 Status**: ⬜ Not Started | ✅ In Progress | ⬜ Completed" in after
    assert "**Module 3 Status**: ⬜ Not Started | ⬜ In Progress | ⬜ Completed" in after
    assert only_tool_slots_differ(before, after)
    assert filled == [
        "modules 1",
        "exercises 4",
        "checkpoints 1",
        "Module 1 In Progress",
        "Module 1 Completed",
        "Module 2 In Progress",
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (  # learner text before and after the slot, and after the marker, stays
            "- **Exercises Completed**: 0 / 15 (my aim: 15 / 15!) <!-- figure:exercises --> ok\n",
            "- **Exercises Completed**: 3 / 15 (my aim: 15 / 15!) <!-- figure:exercises --> ok\n",
        ),
        (
            "Done: __ / 15 <!-- figure:exercises -->\r\n",
            "Done: 3 / 15 <!-- figure:exercises -->\r\n",
        ),
        # figures never go down: 5 stays though only 3 pass now
        ("Done: 5 / 15 <!-- figure:exercises -->\n", "Done: 5 / 15 <!-- figure:exercises -->\n"),
        # no slot before the marker: nothing to fill
        (
            "I did 2 of them <!-- figure:exercises -->\n",
            "I did 2 of them <!-- figure:exercises -->\n",
        ),
        # a number after the marker is the learner's, not a slot
        (
            "Done <!-- figure:exercises --> so far: 1 / 15\n",
            "Done <!-- figure:exercises --> so far: 1 / 15\n",
        ),
        ("Exercises: 0 / 15\n", "Exercises: 0 / 15\n"),  # no marker: not the tool's
    ],
)
def test_update_rewrites_only_the_figure_value(tmp_path: Path, line: str, expected: str) -> None:
    path = tmp_path / "PROGRESS.md"
    path.write_bytes(line.encode())
    update_tracker(path, passing(*MODULE_1[:3]), tmp_path)
    assert path.read_bytes() == expected.encode()


def test_a_registered_source_fills_its_slots_and_none_leaves_them(
    tracker: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(FIGURE_SOURCES, "quiz-1", lambda standing: None)
    monkeypatch.setitem(FIGURE_SOURCES, "capstone", lambda standing: 87)
    update_tracker(tracker, [], tracker.parent)
    after = tracker.read_text(encoding="utf-8")
    assert "Score: _____ / 20" in figure_line(after, "quiz-1")
    assert after.count("_____ / 100") == 0 and after.count(": 87 / 100") == 2


def test_scores_fill_the_quiz_and_capstone_lines_and_passes_mark_the_course_checkpoint(
    tracker: Path,
) -> None:
    scored = [
        (None, CheckResult("Q1", "passed", "", score=17)),
        (None, CheckResult("E1", "passed", "")),
        (None, CheckResult("Q2", "failed", "", score=12)),
        (None, CheckResult("CAP", "failed", "", score=64)),
    ]
    before = tracker.read_text(encoding="utf-8")
    update_tracker(tracker, scored, tracker.parent)
    after = tracker.read_text(encoding="utf-8")
    assert "- [x] Score: 17 / 20 (Target: 16+)" in figure_line(after, "quiz-1")
    assert "- [ ] Score: 12 / 25 (Target: 20+)" in figure_line(after, "quiz-2")  # below the mark
    assert after.count(": 64 / 100") == 2 and "- [ ] **Final Score**: 64 / 100" in after
    assert "**Course Checkpoints Passed**: 1 / 3" in figure_line(after, "course-checkpoints")
    course = after.split("## 🎓 Course Checkpoints")[1]
    assert course.count("**Status**: ✅ Pass | ⬜ Need Review") == 1  # checkpoint 1 only
    assert "- [x] Delivered 3+ actionable insights from EDA" in course
    assert only_tool_slots_differ(before, after)


def test_status_marks_stages_reached_and_never_clears_a_mark(tmp_path: Path) -> None:
    path = tmp_path / "PROGRESS.md"
    line = "**Module 1 Status**: ✅ Not Started | ⬜ In Progress | ⬜ completed <!-- status:1 -->\n"
    path.write_text(line, encoding="utf-8")
    update_tracker(path, passing("1.1"), tmp_path)
    assert path.read_text(encoding="utf-8") == line.replace("⬜ In", "✅ In")
    update_tracker(path, [], tmp_path)  # 1.1 broken again: the mark stays
    update_tracker(path, passing(*MODULE_1), tmp_path)
    assert path.read_text(encoding="utf-8") == line.replace("⬜", "✅")


def with_learner_words(text: str) -> str:
    """``text`` written in by a learner: above, between and below the markers, boxes
    ticked by hand, notes after a check marker — and saved with CRLF endings."""
    text = "Learner's note above everything.\n" + text + "\nMy own closing words.\n"
    text = text.replace("- [ ] Dependencies synced", "- [x] Dependencies synced")
    text = text.replace("<!-- check:1.2 -->", "<!-- check:1.2 --> took me two evenings")
    text = text.replace(
        "- [ ] Can explain why data versioning", "- [X] Can explain why data versioning"
    )
    text = text.replace("I had**:\n-\n", "I had**:\n- hashes are versions!\n", 1)
    return text.replace("\n", "\r\n")


def test_update_keeps_every_learner_character_and_is_idempotent(tracker: Path) -> None:
    written = with_learner_words(tracker.read_text(encoding="utf-8"))
    tracker.write_bytes(written.encode())
    update_progress(tracker, passing("1.1", "1.2"), tracker.parent)
    after = tracker.read_bytes().decode()
    assert only_tool_slots_differ(written, after)
    expected = (
        written.replace("- [ ] Exercise 1.1", "- [x] Exercise 1.1")
        .replace("- [ ] Exercise 1.2", "- [x] Exercise 1.2")
        .replace("**Exercises Completed**: 0", "**Exercises Completed**: 2")
        .replace(
            "**Module 1 Status**: ⬜ Not Started | ⬜", "**Module 1 Status**: ⬜ Not Started | ✅"
        )
    )
    assert after == expected
    news = update_progress(tracker, passing("1.1", "1.2"), tracker.parent)
    assert tracker.read_bytes().decode() == expected
    assert news == ["PROGRESS.md: nothing new to tick."]


# --- the earlier tracker: ticked in place, the full one made beside it ------


@pytest.fixture
def earlier(tmp_path: Path) -> Path:
    """The PROGRESS.md of before the full tracker, written in by a learner (CRLF)."""
    text = EARLIER_TRACKER.read_text(encoding="utf-8")
    text = "Notes above the title.\n" + text + "\nAnd a last word below it all.\n"
    text = text.replace("- [ ] Installed uv", "- [x] Installed uv")
    text = text.replace("- [ ] Exercise 1.2", "- [x] Exercise 1.2")  # ticked by hand, not passing
    text = text.replace("at work:\n\n>\n", "at work:\n\n> validate lazily, always\n")
    path = tmp_path / "PROGRESS.md"
    path.write_bytes(text.replace("\n", "\r\n").encode())
    return path


def test_the_earlier_tracker_is_only_ticked(earlier: Path) -> None:
    written = earlier.read_bytes()
    news = update_progress(earlier, passing("1.1", "C1"), earlier.parent)
    expected = written.replace(b"- [ ] Exercise 1.1", b"- [x] Exercise 1.1").replace(
        b"- [ ] Checkpoint 1", b"- [x] Checkpoint 1"
    )
    assert earlier.read_bytes() == expected
    assert news[0] == "PROGRESS.md: ticked 1.1, C1."
    assert "PROGRESS.new.md" in news[1] and "rename" in news[1]


def test_the_full_tracker_is_made_beside_it_with_every_word_and_tick(earlier: Path) -> None:
    update_progress(earlier, passing("1.1", "C1"), earlier.parent)
    old = earlier.read_bytes().decode()
    beside = (earlier.parent / "PROGRESS.new.md").read_bytes().decode()
    assert is_full_tracker(beside) and beside.endswith(old)  # every character of the old file
    assert "\n" not in beside.replace("\r\n", "")  # in the learner's line endings
    full = beside[: -len(old)]
    for box in ("1.1", "1.2", "C1"):  # passing, or ticked by hand in the old file
        assert re.search(rf"- \[x\] .*<!-- check:{re.escape(box)} -->", full)
    assert re.search(r"- \[ \] .*<!-- check:1\.3 -->", full)
    assert "**Exercises Completed**: 1 / 15" in full  # a hand tick is not a pass


def test_upgrading_twice_changes_nothing(earlier: Path) -> None:
    update_progress(earlier, passing("1.1"), earlier.parent)
    beside = earlier.parent / "PROGRESS.new.md"
    snapshot = earlier.read_bytes(), beside.read_bytes()
    news = update_progress(earlier, passing("1.1"), earlier.parent)
    assert (earlier.read_bytes(), beside.read_bytes()) == snapshot
    assert news[0] == "PROGRESS.md: nothing new to tick." and len(news) == 2


def test_what_the_learner_writes_in_progress_new_md_is_never_overwritten(earlier: Path) -> None:
    update_progress(earlier, passing("1.1"), earlier.parent)
    beside = earlier.parent / "PROGRESS.new.md"
    written = beside.read_bytes().replace(b"**Your Name**: ____", b"**Your Name**: Ash ____")
    beside.write_bytes(written)
    update_progress(earlier, passing("1.1", "1.3"), earlier.parent)
    after = beside.read_bytes()
    assert b"**Your Name**: Ash" in after
    assert only_tool_slots_differ(written.decode(), after.decode())
    assert re.search(rb"- \[x\] .*<!-- check:1\.3 -->", after)


def test_writing_in_the_earlier_tracker_after_the_upgrade_is_pointed_out(earlier: Path) -> None:
    update_progress(earlier, passing("1.1"), earlier.parent)
    earlier.write_bytes(earlier.read_bytes() + b"A new thought.\r\n")
    news = update_progress(earlier, passing("1.1"), earlier.parent)
    assert news[-1].startswith("You have written in PROGRESS.md since PROGRESS.new.md was made")


# --- the command ------------------------------------------------------------


@pytest.mark.parametrize("full", [True, False])
def test_progress_update_reports_ticks_figures_and_the_upgrade(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys, full: bool
) -> None:
    (tmp_path / "exercises").mkdir()
    source = TEMPLATE if full else EARLIER_TRACKER
    (tmp_path / "PROGRESS.md").write_bytes(source.read_bytes())
    monkeypatch.setattr(cli, "grade_workspace", lambda root: passing("1.1", "1.2", "1.3"))
    monkeypatch.setattr(cli, "format_table", lambda results: "table")
    assert main(["progress", "--root", str(tmp_path), "--update"]) == 0
    out = capsys.readouterr().out
    assert "PROGRESS.md: ticked 1.1, 1.2, 1.3." in out
    assert ("filled in modules" not in out) and (("exercises 3" in out) == full)
    assert ("PROGRESS.new.md" in out) != full
    assert (tmp_path / "PROGRESS.new.md").exists() != full


def test_load_function_explains_problems(tmp_path: Path) -> None:
    broken = tmp_path / "nb.py"
    broken.write_text("def f(:\n")
    with pytest.raises(LoadError, match="syntax error at line 1"):
        load_function(broken, "f")
    broken.write_text("import no_such_package\n")
    with pytest.raises(LoadError, match="ModuleNotFoundError"):
        load_function(broken, "f")
    broken.write_text("def g():\n    pass\n")
    with pytest.raises(LoadError, match="no top-level `f`"):
        load_function(broken, "f")
    with pytest.raises(LoadError, match="is missing"):
        load_function(tmp_path / "gone.py", "f")


def test_progress_rejects_a_folder_that_is_not_the_course(tmp_path: Path, capsys) -> None:
    assert main(["progress", "--root", str(tmp_path)]) == 2
    assert "no exercises/ folder" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["progres"], ["progress", "--bogus"], []])
def test_bad_cli_arguments_get_one_line(argv: list[str], capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and err.startswith("pokemon-ml: error:")

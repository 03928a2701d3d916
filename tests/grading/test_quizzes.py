"""The course quizzes Q1 and Q2: saved answers graded at the pass mark, bad files named,
answers kept (atomic saves, new attempts move files aside), the notebook restoring what
was saved, the score reaching PROGRESS.md, and no answer key in plain text anywhere.

The reference passes and the pristine notebook is *not attempted* in
``test_every_check.py``; here the pass marks are proven with saved-answers files
written beside pristine copies of the quiz notebooks and graded as ``pytest`` grades
a learner (the notebook loaded only in the grading worker).
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from pokemon_ml import check
from pokemon_ml.grading import LearnerFunction
from pokemon_ml.grading.calling import NotAttempted, WrongAnswer
from pokemon_ml.grading.checks.quizzes import grade_quiz
from pokemon_ml.grading.quiz import (
    BANKS,
    answer_from_form,
    answers_file,
    earlier_attempts,
    grading_value,
    load_bank,
    lock_answer,
    restore,
    start_new_attempt,
)
from pokemon_ml.grading.quiz_banks.authoring import export_toml, import_toml
from pokemon_ml.grading.tracker import TEMPLATE
from tests.conftest import ROOT, learner_notebooks, pristine_copy

QUIZZES = {  # item id -> bank, notebook, questions, pass mark
    "Q1": ("course_1", "checkpoints/course_1_quiz.py", 20, 16),
    "Q2": ("course_2", "checkpoints/course_2_quiz.py", 25, 20),
}


def wrong_answer(bank_name: str, question_id: str) -> Any:
    """A plausible wrong answer: another option, or the right set with one option off."""
    bank = load_bank(bank_name)
    question, right = bank.question(question_id), bank.correct_answer(question_id)
    if not question.multi:
        return next(option for option in question.option_ids if option != right)
    if len(right) > 1:
        return right[:-1]  # one right option missed: all or nothing
    return sorted({*right, next(o for o in question.option_ids if o not in right)})


def answers(bank_name: str, n_right: int, n_wrong: int = 0) -> dict[str, Any]:
    """The first ``n_right`` questions right, the next ``n_wrong`` wrong, the rest unanswered;
    the wrong ones are spread: right answers come from the end of the key."""
    key = load_bank(bank_name).answer_key()
    ids = list(key)
    wrong_ids, right_ids = ids[:n_wrong], ids[n_wrong : n_wrong + n_right]
    return {
        **{qid: key[qid] for qid in right_ids},
        **{qid: wrong_answer(bank_name, qid) for qid in wrong_ids},
    }


def grade_saved(item: str, folder: Path, saved: str | None) -> Any:
    """Write ``saved`` (the file's text, or no file) beside a pristine copy of the quiz
    notebook in ``folder`` and grade it as pytest grades the learner's."""
    bank_name, notebook, _, _ = QUIZZES[item]
    copy = pristine_copy(notebook, folder)
    if saved is not None:
        answers_file(copy).write_text(saved, encoding="utf-8")
    return check(item, LearnerFunction(copy, "QUIZ_ANSWERS"))


@pytest.mark.parametrize(
    ("item", "n_right", "status"),
    [("Q1", 20, "passed"), ("Q1", 16, "passed"), ("Q1", 15, "failed")]
    + [("Q2", 20, "passed"), ("Q2", 19, "failed")],
)
def test_the_pass_mark_is_proven_on_a_saved_answers_file(
    item: str, n_right: int, status: str, tmp_path: Path
) -> None:
    bank_name, _, n_questions, pass_mark = QUIZZES[item]
    saved = answers(bank_name, n_right, n_questions - n_right)
    result = grade_saved(item, tmp_path, json.dumps(saved))
    assert (result.status, result.score) == (status, n_right), result.feedback
    assert f"{n_right} of {n_questions} right (pass mark {pass_mark})" in result.feedback
    wrong = ", ".join(str(number) for number in range(1, n_questions - n_right + 1))
    if n_right < n_questions:
        assert f"Wrong: question{'s' if n_questions - n_right > 1 else ''} {wrong}." in (
            result.feedback
        )
    bank = load_bank(bank_name)
    for question in bank.questions:  # numbers only: never an option's text
        assert not any(option in result.feedback for option in question.options)


def test_an_unfinished_quiz_passes_once_enough_are_right() -> None:
    result = grade_quiz("course_1", "course_1_quiz.py", answers("course_1", 16))
    assert (result.points, result.pass_mark) == (16, 16)
    assert "4 questions unanswered; passed already." in result.feedback


def test_an_unfinished_quiz_says_whether_the_pass_mark_is_still_reachable() -> None:
    reachable = grade_quiz("course_2", "course_2_quiz.py", answers("course_2", 10, 2))
    assert (
        "13 questions unanswered" in reachable.feedback and "answer the rest" in reachable.feedback
    )
    lost = grade_quiz("course_2", "course_2_quiz.py", answers("course_2", 15, 6))
    assert "out of reach" in lost.feedback and "new attempt" in lost.feedback


@pytest.mark.parametrize("saved", [None, "", "  \n", "{}"], ids=["no file", "empty", "blank", "{}"])
def test_nothing_answered_is_not_attempted(saved: str | None, tmp_path: Path) -> None:
    if saved is not None:
        (tmp_path / "course_1_quiz.answers.json").write_text(saved)
    with pytest.raises(NotAttempted, match="course_1_quiz.answers.json"):
        grade_quiz("course_1", "course_1_quiz.py", grading_value(tmp_path / "course_1_quiz.py"))


def test_a_file_that_is_not_json_fails_with_the_reason_not_a_traceback(tmp_path: Path) -> None:
    result = grade_saved("Q1", tmp_path, '{"q01": "c",')
    assert result.status == "failed", result.feedback
    assert "course_1_quiz.answers.json is not valid JSON (line 1" in result.feedback
    assert "Traceback" not in result.feedback


MALFORMED = {  # saved file text -> words the feedback must hold
    '["c", "a"]': "holds a list; it should hold one object",
    '{"q21": "a"}': "'q21' is not a question of this quiz (q01–q20)",
    '{"Q01": "c"}': "'Q01' is not a question of this quiz",
    '{"q01": "C"}': "question 1 has options a, b, c, d; got 'C'",
    '{"q01": "e"}': "question 1 has options a, b, c, d; got 'e'",
    '{"q01": "at least one cell holds text"}': "question 1 has options",
    '{"q01": ["c"]}': "question 1 takes one option, e.g. \"b\"; got ['c']",
    '{"q01": 3}': "question 1 takes one option",
    '{"q01": true}': "question 1 takes one option",
    '{"q03": "b"}': "question 3 takes a list of options",
    '{"q03": "b,e"}': "question 3 takes a list of options",
    '{"q03": []}': "question 3: tick at least one option",
    '{"q03": ["b", "b", "e"]}': "question 3: tick at least one option, each once",
    '{"q03": ["b", "z"]}': "question 3 has options a, b, c, d, e; got 'z'",
}


@pytest.mark.parametrize("saved", MALFORMED, ids=list(MALFORMED))
def test_a_malformed_answers_file_fails_naming_the_problem(saved: str, tmp_path: Path) -> None:
    (tmp_path / "course_1_quiz.answers.json").write_text(saved)
    value = grading_value(tmp_path / "course_1_quiz.py")
    with pytest.raises(WrongAnswer) as failure:
        grade_quiz("course_1", "course_1_quiz.py", value)
    assert MALFORMED[saved] in str(failure.value)


def test_a_multi_select_answer_counts_only_as_the_exact_set() -> None:
    bank = load_bank("course_1")
    right = bank.correct_answer("q04")  # three options
    assert bank.is_right("q04", list(reversed(right)))  # order does not matter
    assert not bank.is_right("q04", right[:-1])  # one missed
    assert not bank.is_right("q04", sorted({*right, "d"}))  # one too many


def test_a_form_submission_becomes_an_answer() -> None:
    bank = load_bank("course_1")
    multi, radio = bank.question("q03"), bank.question("q01")
    assert answer_from_form(multi, {"a": False, "b": True, "e": True}) == ["b", "e"]
    assert answer_from_form(multi, {"a": False, "b": False}) is None  # nothing ticked
    assert answer_from_form(radio, "c") == "c"
    assert answer_from_form(radio, None) is None


def test_the_first_answer_is_locked_and_every_save_is_atomic(tmp_path: Path, monkeypatch) -> None:
    bank, path = load_bank("course_1"), tmp_path / "course_1_quiz.answers.json"
    assert lock_answer(path, bank, "q01", "a") == {"q01": "a"}
    assert lock_answer(path, bank, "q01", "c") == {"q01": "a"}  # the first answer counts
    assert lock_answer(path, bank, "q03", ["e", "b"]) == {"q01": "a", "q03": ["b", "e"]}
    assert json.loads(path.read_text()) == {"q01": "a", "q03": ["b", "e"]}
    before = path.read_text()

    def crash(source, target):  # the disk fills up as the new file replaces the old
        raise OSError("No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        lock_answer(path, bank, "q02", "a")
    assert path.read_text() == before  # the old file is whole
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no temporary left


def test_a_bad_file_is_never_overwritten_by_a_new_answer(tmp_path: Path) -> None:
    bank, path = load_bank("course_1"), tmp_path / "course_1_quiz.answers.json"
    for text in ('{"q01": "c",', '{"q99": "a"}'):
        path.write_text(text)
        assert restore(bank, path)[0] == {} and restore(bank, path)[1]
        with pytest.raises(Exception, match="course_1_quiz.answers.json"):
            lock_answer(path, bank, "q02", "a")
        assert path.read_text() == text


def test_a_new_attempt_moves_the_answers_aside_and_keeps_every_old_file(tmp_path: Path) -> None:
    bank, path = load_bank("course_1"), tmp_path / "course_1_quiz.answers.json"
    assert start_new_attempt(path) is None  # nothing to move
    lock_answer(path, bank, "q01", "a")
    first = start_new_attempt(path)
    lock_answer(path, bank, "q01", "c")
    second = start_new_attempt(path)
    assert [first.name, second.name] == [
        "course_1_quiz.answers.attempt-1.json",
        "course_1_quiz.answers.attempt-2.json",
    ]
    assert earlier_attempts(path) == [first, second] and not path.exists()
    assert [json.loads(p.read_text()) for p in (first, second)] == [{"q01": "a"}, {"q01": "c"}]


def run_notebook(notebook: Path) -> tuple[Any, dict[str, Any]]:
    spec = importlib.util.spec_from_file_location(f"_quiz_{notebook.stem}", notebook)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.app.run()


@pytest.mark.parametrize("item", QUIZZES)
def test_the_notebook_restores_every_locked_answer_from_its_file(item: str, tmp_path: Path) -> None:
    bank_name, notebook, n_questions, pass_mark = QUIZZES[item]
    copy = pristine_copy(notebook, tmp_path)
    saved = {**answers(bank_name, 3), "q05": wrong_answer(bank_name, "q05")}
    answers_file(copy).write_text(json.dumps(saved))
    outputs, defs = run_notebook(copy)
    assert defs["get_saved"]() == saved and defs["restore_problem"] is None
    assert defs["QUIZ_ANSWERS"] == saved  # what the grader reads
    shown = "\n".join(getattr(output, "text", "") for output in outputs if output is not None)
    assert shown.count("Your answer:") == 4
    assert shown.count("Not right.") == 1
    assert shown.count("Lock in my answer") >= n_questions - 4
    assert "right so far" in shown and f"{pass_mark} / {n_questions}" in shown


def test_progress_update_writes_the_quiz_score_into_progress_md(
    tmp_path: Path, monkeypatch
) -> None:
    from pokemon_ml.cli import main
    from pokemon_ml.grading import progress
    from pokemon_ml.grading.registry import get_exercise

    monkeypatch.setattr(progress, "exercises", lambda: [get_exercise("Q1"), get_exercise("Q2")])
    (tmp_path / "exercises").mkdir()
    (tmp_path / "PROGRESS.md").write_text(TEMPLATE.read_text(encoding="utf-8"), encoding="utf-8")
    copy = pristine_copy("checkpoints/course_1_quiz.py", tmp_path)
    pristine_copy("checkpoints/course_2_quiz.py", tmp_path)
    answers_file(copy).write_text(json.dumps(answers("course_1", 17, 2)))
    assert main(["progress", "--root", str(tmp_path), "--update"]) == 0
    tracker = (tmp_path / "PROGRESS.md").read_text(encoding="utf-8")
    assert "- [x] Score: 17 / 20 (Target: 16+) <!-- check:Q1 -->" in tracker
    assert "Score: _____ / 25" in tracker  # Q2 not taken: its line untouched


def test_export_and_import_give_back_the_same_bank_byte_for_byte(tmp_path: Path) -> None:
    for name in ("course_1", "course_2"):
        written = import_toml(name, export_toml(name), folder=tmp_path)
        shipped = BANKS / f"{name}.json"
        assert written.read_bytes() == shipped.read_bytes()
    broken = export_toml("course_1").replace('answer = "c"', 'answer = "x"', 1)
    with pytest.raises(ValueError, match="q01: answer 'x' does not fit its options"):
        import_toml("course_1", broken, folder=tmp_path)


def repository_texts() -> dict[str, str]:
    """Every text file in the repository (tracked or not, git-ignored ones aside); the
    learner's notebooks as the course ships them (a proof must not read their work)."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    texts = {}
    for relative in filter(None, listed):
        if relative in learner_notebooks():
            path = pristine_copy(relative)
        else:
            path = ROOT / relative
        try:
            texts[relative] = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError, IsADirectoryError):
            continue
    return texts


def test_no_answer_or_explanation_is_in_plain_text_anywhere_in_the_repository() -> None:
    texts = repository_texts()
    assert "checkpoints/course_1_quiz.py" in texts and "checkpoints/course_2_quiz.py" in texts
    for name in ("course_1", "course_2"):
        bank = load_bank(name)
        raw = json.loads((ROOT / f"src/pokemon_ml/grading/quiz_banks/{name}.json").read_text())
        assert set(raw) == {"name", "title", "pass_mark", "salt", "questions"}
        for entry in raw["questions"]:  # no field that marks the right option
            assert set(entry) == {
                "id",
                "module",
                "multi",
                "prompt",
                "options",
                "answer_hash",
                "sealed_explanation",
            }
        for question in bank.questions:
            explanation = bank.explanation(question.id)
            lines = [line for line in explanation.splitlines() if len(line) > 50]
            assert len(lines) >= 3, question.id
            for line in lines:
                found = [path for path, text in texts.items() if line in text]
                assert not found, f"{name} {question.id}'s explanation is in plain text in {found}"


@pytest.mark.skipif(not os.environ.get("CI"), reason="in CI: a learner may commit their answers")
def test_the_course_ships_no_saved_answers() -> None:
    committed = subprocess.run(
        ["git", "ls-files", "*.answers*.json", "**/*.answers*.json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert committed == [], f"saved quiz answers are committed: {committed}"


def test_the_quiz_command_exports_a_bank_and_explains_itself(capsys) -> None:
    from pokemon_ml.grading.quiz import main

    assert main(["export", "course_2"]) == 0
    exported = capsys.readouterr().out
    assert exported.count("[[questions]]") == 25 and 'answer = "b"' in exported
    assert main([]) == 2 and "import" in capsys.readouterr().err


@pytest.mark.parametrize("bank_name", ["course_1", "course_2"])
def test_the_key_has_no_pattern_a_guesser_could_use(bank_name: str) -> None:
    """'Pick the longest option' or 'always B' must not pass the quiz (the first drafts
    had the right option longest in 32 of 35 single-answer questions)."""
    bank = load_bank(bank_name)
    key = bank.answer_key()
    single = [q for q in bank.questions if not q.multi]
    lengths = {q.id: [len(option) for option in q.options] for q in single}
    position = {q.id: q.option_ids.index(key[q.id]) for q in single}
    longest = sum(lengths[q][position[q]] == max(lengths[q]) for q in lengths)
    shortest = sum(lengths[q][position[q]] == min(lengths[q]) for q in lengths)
    assert longest <= len(single) / 3 and shortest <= len(single) / 3, (longest, shortest)
    most_common = max(list(position.values()).count(i) for i in range(4))
    assert most_common <= 0.4 * len(single)
    for pick in (max, min):  # a guesser's score stays far below the pass mark
        right = sum(lengths[q].index(pick(lengths[q])) == position[q] for q in lengths)
        assert right < bank.pass_mark / 2

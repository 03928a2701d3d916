"""`pokemon-ml progress`: grades the learner's notebooks and ticks PROGRESS.md
without touching a word the learner wrote."""

from __future__ import annotations

from pathlib import Path

import pytest

from pokemon_ml.cli import main
from pokemon_ml.grading import CheckResult, get_exercise
from pokemon_ml.grading.progress import (
    LoadError,
    load_function,
    tick_progress_file,
)

ROOT = Path(__file__).resolve().parents[2]


def results(**statuses: str):
    return [
        (get_exercise(i.replace("_", ".")), CheckResult(i.replace("_", "."), s, ""))
        for i, s in statuses.items()
    ]


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


def test_every_gradable_item_has_a_box_in_progress_md() -> None:
    text = (ROOT / "PROGRESS.md").read_text()
    for exercise_id in ("1.1", "1.2", "1.3", "C1"):
        assert f"<!-- check:{exercise_id} -->" in text


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

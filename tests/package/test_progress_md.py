"""PROGRESS.md carries the whole learning tracker, in this course's words, with a
marker on every line the course fills in."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import pokemon_ml
from pokemon_ml.grading.figures import COURSE_CHECKPOINTS, COURSE_ITEMS
from pokemon_ml.grading.tracker import TEMPLATE, is_full_tracker

ROOT = Path(__file__).resolve().parents[2]
TRACKER = TEMPLATE.read_text(encoding="utf-8")  # what every learner starts with
CURRICULUM_IDS = [item for items in COURSE_ITEMS.values() for item in items]
COURSE_CHECKPOINT_IDS = [item for items in COURSE_CHECKPOINTS.values() for item in items]

SOCRATIC_QUESTIONS = {  # the learning tracker's, word for word
    1: [
        "If I run your data pipeline twice on the same input, will I get identical output? Why or why not?",
        "Your model performed great in training but fails in production. The data looks similar. What could be wrong?",
        "Someone changed a column name upstream. How would you detect this before it breaks your model?",
        "When would you choose polars over pandas? When would you stick with pandas?",
    ],
    2: [
        "You found that HP and Defense are highly correlated. Should you remove one? Why or why not?",
        "Your model achieves 99% accuracy. You're suspicious. What do you check first?",
        "Why do we fit preprocessing (like scalers) only on training data, not all data?",
        "You're creating a 'power_ratio' feature (Attack/Defense). What happens when Defense is 0?",
        "A domain expert suggests a feature. It has zero correlation with the target. Do you include it?",
    ],
    3: [
        "Your validation accuracy is 90% but test accuracy is 70%. What happened?",
        "When would you choose Logistic Regression over XGBoost, even if XGBoost is more accurate?",
        "You're tuning hyperparameters. Should you use test data to select the best model? Why not?",
        "Your model is 90% accurate but your PM is unhappy. What might you be missing?",
        "Training takes 8 hours. How do you experiment efficiently?",
    ],
    4: [
        "Your model is 95% accurate on spam detection. Is that good?",
        "Would you rather have high precision or high recall for: (a) cancer detection, (b) spam filtering, (c) credit card fraud? Why?",
        "Your model has perfect training accuracy but mediocre test accuracy. List 5 possible causes.",
        "How do you explain 'the model is 80% confident' to a non-technical user?",
        "Your model is unfair to a demographic group. List 3 ways this could have happened.",
    ],
    5: [
        "You deployed a model. A week later, accuracy drops from 85% to 60%. What do you investigate first?",
        "Training takes 1 hour. Inference must complete in <100ms. How do you approach this?",
        "A user sends malformed input that crashes your API. Who's responsible - you or the user?",
        "Your model was trained on 2024 data. It's now 2025. What changes might break it?",
        "When do you retrain: (a) on a schedule, (b) when accuracy drops, (c) when data drifts? Why?",
    ],
}
SECTIONS = [
    "## 📊 Overall Progress",
    "## 🎯 Pre-Course Setup",
    "## 📚 Module 1 — Data engineering (≈3.5 h)",
    "## 📚 Module 2 — EDA & features (≈4 h)",
    "## 📚 Module 3 — Training (≈4 h)",
    "## 📚 Module 4 — Evaluation (≈4 h)",
    "## 📚 Module 5 — Deployment (≈5 h)",
    "## 🎓 Course Checkpoints",
    "### Checkpoint 1: End of Week 1 (Modules 1-2)",
    "### Checkpoint 2: End of Week 2 (Modules 3-4)",
    "### Checkpoint 3: Final Assessment (After Module 5)",
    "## 📈 Skill Level Assessment",
    "### Skills Acquired",
    "## 📝 Weekly Reflection",
    "### Week 1 Reflection (After Modules 1-2)",
    "### Week 2 Reflection (After Modules 3-4)",
    "### Week 3 Reflection (After Module 5 & Capstone)",
    "## 🎯 Post-Course Action Plan",
    "## 🏆 Course Completion Certificate",
    "## 📚 Additional Resources Used",
    "## 💭 Learning Journal",
]
MODULE_PARTS = [
    "### Core Notebook",
    "### Exercise Notebook",
    "### Socratic Questions",
    "### Checkpoint Assessment",
    "### Mastery Checklist",
    "Status**: ⬜ Not Started | ⬜ In Progress | ⬜ Completed <!-- status:",
    '**"Aha Moments" I had**:',
]


def module_section(module: int) -> str:
    """The text of Module ``module``'s section, up to the next section."""
    start = TRACKER.index(f"## 📚 Module {module} ")
    return TRACKER[start : TRACKER.index("\n## ", start)]


def test_the_tracker_is_marked_full_and_progress_md_starts_as_it() -> None:
    assert is_full_tracker(TRACKER)
    assert skeleton((ROOT / "PROGRESS.md").read_text(encoding="utf-8")) == skeleton(TRACKER)


def skeleton(text: str) -> list[str]:
    """What the tool relies on: headings and marked lines up to their marker, with
    ticks, figures and stages reset, so a learner's writing elsewhere does not count."""
    lines = []
    for line in text.splitlines():
        if marker := re.search(r"<!-- (check|figure|status|tracker):[\w.-]+ -->", line):
            line = line[: marker.end()].replace("[x]", "[ ]").replace("✅", "⬜")
            lines.append(re.sub(r": (\d+|_+) /", ": _ /", line, count=1))
        elif line.startswith("#"):
            lines.append(line)
    return lines


@pytest.mark.parametrize("heading", SECTIONS)
def test_every_section_of_the_learning_tracker_is_present(heading: str) -> None:
    assert f"\n{heading}\n" in TRACKER


@pytest.mark.parametrize("module", COURSE_ITEMS)
def test_every_module_has_all_its_parts(module: int) -> None:
    section = module_section(module)
    for part in MODULE_PARTS:
        assert part in section
    mastery = section.split("### Mastery Checklist\n")[1].split("\n\n")[0]
    assert len(mastery.splitlines()) == 4 and mastery.startswith("- [ ] Can ")
    assert f"<!-- status:{module} -->" in section


@pytest.mark.parametrize(
    ("module", "question"),
    [
        (module, question)
        for module, questions in SOCRATIC_QUESTIONS.items()
        for question in questions
    ],
)
def test_every_socratic_question_is_its_own_box(module: int, question: str) -> None:
    assert f'\n- [ ] "{question}"\n' in module_section(module)


@pytest.mark.parametrize("exercise_id", CURRICULUM_IDS)
def test_every_exercise_and_checkpoint_has_one_box_in_its_module(exercise_id: str) -> None:
    module = int(exercise_id.lstrip("C").split(".")[0])
    assert TRACKER.count(f"<!-- check:{exercise_id} -->") == 1
    assert re.search(
        rf"\n- \[ \] .*<!-- check:{re.escape(exercise_id)} -->\n", module_section(module)
    )


def test_every_registered_exercise_is_in_the_curriculum() -> None:
    registered = {e.id for e in pokemon_ml.exercises() if e.kind != "try_it"}
    assert registered <= {*CURRICULUM_IDS, *COURSE_CHECKPOINT_IDS}


@pytest.mark.parametrize("item_id", COURSE_CHECKPOINT_IDS)
def test_every_course_checkpoint_item_ticks_a_box_in_the_course_checkpoints(item_id: str) -> None:
    section = TRACKER.split("## 🎓 Course Checkpoints")[1].split("\n## ")[0]
    assert f"<!-- check:{item_id} -->" in section
    assert TRACKER.count(f"<!-- check:{item_id} -->") == section.count(f"<!-- check:{item_id} -->")


def test_every_try_it_has_its_box_in_its_module() -> None:
    for exercise in pokemon_ml.exercises():
        if exercise.kind == "try_it":
            section = TRACKER.split(f"Module {exercise.module} ")[1].split("\n## ")[0]
            assert f"<!-- check:{exercise.id} -->" in section, exercise.id


@pytest.mark.parametrize(
    ("name", "count", "label"),
    [
        ("modules", 1, "**Modules Completed**: 0 / 5"),
        ("exercises", 1, "**Exercises Completed**: 0 / 15"),
        ("checkpoints", 1, "**Checkpoints Passed**: 0 / 5"),
        ("course-checkpoints", 1, "**Course Checkpoints Passed**: __ / 3"),
        ("quiz-1", 1, "Score: _____ / 20"),
        ("quiz-2", 1, "Score: _____ / 25"),
        ("capstone", 2, "_____ / 100"),
    ],
)
def test_every_figure_has_a_marked_slot(name: str, count: int, label: str) -> None:
    lines = [line for line in TRACKER.splitlines() if f"<!-- figure:{name} -->" in line]
    assert len(lines) == count
    assert all(label in line and re.search(r": (\d+|_+) / \d+", line) for line in lines)


@pytest.mark.parametrize(
    "words",
    [
        "Python 3.11+",
        "`uv sync`",
        "`uv run marimo edit` (or `uvx marimo edit 01_data_engineering.py`)",
        "Data generated and verified (`uv run python data/generate_dataset.py`",
        "Understood data versioning by hash",
        "CSV vs Parquet",
    ],
)
def test_the_tracker_speaks_for_this_course(words: str) -> None:
    assert words in TRACKER
    assert "3.9" not in TRACKER and "download" not in TRACKER.lower()

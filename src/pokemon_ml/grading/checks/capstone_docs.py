"""Capstone criterion 7: the deployment document and the slides, read as text.

The learner writes ``capstone/DEPLOYMENT.md`` from a template (headed sections, each
with a ✏️ prompt) and fills the ten slides of ``capstone/06_presentation.py``, a marimo
notebook in slides layout. This criterion reads both files (and the slides' layout file)
as text in the grader's process — it never runs them — and awards:

* 4 points: the six sections of DEPLOYMENT.md present (headings matched by meaning, not
  wording), each written in the learner's words (no prompt left, 20 words or more) and
  holding what that section is for (a command, the ``/predict`` endpoint, numbers…);
* 3 points: the presentation is in marimo's slides layout with at least ten slides, and
  its prompts are replaced;
* 3 points: the documents agree with ``card_price.py``: they name ``CHOSEN_MODEL`` (and no
  other candidate as the choice), and the walk-forward MAE they quote for it is
  ``REPORTED_MAE[CHOSEN_MODEL]`` within 5% (a slide may show the live value instead).
"""

from __future__ import annotations

import ast
import math
import re
from pathlib import Path
from typing import Any

from pokemon_ml.grading.calling import NotAttempted, candidate_value
from pokemon_ml.grading.checks.capstone import criterion
from pokemon_ml.grading.checks.capstone_docs_text import (
    DEPLOYMENT_PROMPTS,
    PROMPT_MARK,
    SLIDE_PROMPTS,
    has_output,
    is_cell,
    names_in,
    normalise,
    own_lines,
    prompt_count,
    prose,
    quoted_maes,
    read_layout,
    read_text,
    split_sections,
    wrong_choice,
)

__all__ = [
    "DEPLOYMENT_PROMPTS",
    "DEPLOYMENT_SECTIONS",
    "PROMPT_MARK",
    "SLIDE_PROMPTS",
    "grade_documents",
    "read_documents",
]

MIN_SECTION_WORDS = 20  # of the learner's own text in a section
MIN_SLIDES = 10
MAE_TOLERANCE = 0.05  # relative: a quoted MAE rounded to dollars still agrees
POINTS_SECTIONS, POINTS_SLIDES, POINTS_CONSISTENT = 4.0, 3.0, 3.0
# section -> (heading pattern, what the body must hold, what to write when it does not)
DEPLOYMENT_SECTIONS: dict[str, tuple[str, str, str]] = {
    "running the service": (
        r"\brun|\bstart|\blaunch|configur|install|set ?up|quick ?start",
        r"uv run|uvicorn|python|docker|pokemon-ml",
        "the command that starts the service",
    ),
    "endpoints": (r"endpoint|\bapi\b|request|routes?\b|usage", r"/predict", "`POST /predict`"),
    "model and validation": (
        r"model|validat|evaluat|performance|metric",
        r"\d",
        "the model's numbers",
    ),
    "monitoring": (r"monitor|observ|alert|watch", r"drift", "what drift you watch"),
    "retraining and rollback": (
        r"retrain|roll ?back|re-train|update",
        r"roll ?back|previous",
        "how to roll back",
    ),
    "known limitations": (
        r"limitation|caveat|risk|known issue|not (?:for|do)",
        r".",
        "the limitations",
    ),
}


def read_documents(folder: Path) -> tuple[str | None, str | None, dict | None, str]:
    """DEPLOYMENT.md, the slides notebook and its layout (None where missing), and a note
    on the layout (why it could not be read)."""
    deployment = read_text(folder / "DEPLOYMENT.md")
    slides = read_text(folder / "06_presentation.py")
    layout, note = None, "06_presentation.py is missing"
    if slides is not None:
        layout, note = read_layout(folder, slides)
    return deployment, slides, layout, note


def grade_documents(
    deployment: str | None,
    slides: str | None,
    layout: dict | None,
    layout_note: str,
    chosen: Any,
    reported: Any,
) -> tuple[float, str]:
    """Points out of 10 and one paragraph naming what is missing or inconsistent."""
    deployment, slides = deployment or "", slides or ""
    sections, section_notes = _sections_filled(deployment)
    slide_count, prompts_left, slide_notes = _slides(slides, layout, layout_note)
    started_doc = any(sections.values())
    started_slides = bool(slides) and prompts_left < len(SLIDE_PROMPTS)
    if not started_doc and not started_slides:
        raise NotAttempted(
            "Not attempted yet: write capstone/DEPLOYMENT.md (replace each ✏️ prompt with your "
            "text) and fill the ten slides of capstone/06_presentation.py."
        )
    notes: list[str] = []
    points = POINTS_SECTIONS * sum(sections.values()) / len(sections)
    notes += section_notes
    if started_slides:
        points += 1.0 * (prompts_left == 0) + 2.0 * min(slide_count, MIN_SLIDES) / MIN_SLIDES
        notes += slide_notes
    elif not slides:
        notes.append("06_presentation.py is missing (0 of 3 points for the slides)")
    else:
        notes.append("the slides still hold only the template's prompts (0 of 3 points)")
    consistent, consistency_notes = _consistency(deployment, slides, chosen, reported)
    points += POINTS_CONSISTENT * consistent
    notes += consistency_notes
    if not notes:
        return points, (
            "DEPLOYMENT.md has all six sections in your words, the ten slides are in slides "
            "layout, and both agree with CHOSEN_MODEL and its REPORTED_MAE."
        )
    return points, "Missing or inconsistent: " + "; ".join(notes) + "."


@criterion(7, "Documentation and slides", 10, time_limit_s=30.0)
def check_documents(box: Any, folder: Path | None) -> tuple[float, str]:
    if folder is None:
        raise NotAttempted(
            "The documents are graded in your capstone folder: run `uv run pokemon-ml grade "
            "capstone` (it reads capstone/DEPLOYMENT.md and capstone/06_presentation.py)."
        )
    deployment, slides, layout, note = read_documents(folder)
    if deployment is None and slides is None:
        raise NotAttempted(
            "Not attempted yet: capstone/DEPLOYMENT.md and capstone/06_presentation.py are "
            "missing; restore them with `git checkout -- capstone/` and fill them in."
        )
    chosen = candidate_value(box, "CHOSEN_MODEL")
    reported = candidate_value(box, "REPORTED_MAE")
    return grade_documents(deployment, slides, layout, note, chosen, reported)


def _sections_filled(text: str) -> tuple[dict[str, bool], list[str]]:
    found = split_sections(text)
    filled, notes = {}, []
    for name, (heading, must_hold, what) in DEPLOYMENT_SECTIONS.items():
        matches = [s for s in found if re.search(heading, s[0], re.IGNORECASE)]
        if not matches:
            filled[name] = False
            notes.append(f"DEPLOYMENT.md has no section on {name}")
            continue
        title, body, prompt_left = max(matches, key=lambda s: len(s[1]))
        words = len(re.findall(r"\w+", "\n".join(own_lines(body))))
        holds = re.search(must_hold, "\n".join(own_lines(body)), re.IGNORECASE) is not None
        filled[name] = not prompt_left and words >= MIN_SECTION_WORDS and holds
        if prompt_left:
            notes.append(f"section “{title}” still holds the template's ✏️ prompt: replace it")
        elif words < MIN_SECTION_WORDS:
            notes.append(
                f"section “{title}” has {words} words of yours (write {MIN_SECTION_WORDS}+)"
            )
        elif not holds:
            notes.append(f"section “{title}” does not give {what}")
    return filled, notes


def _slides(source: str, layout: dict | None, note: str) -> tuple[int, int, list[str]]:
    """(slides shown, prompts left, notes). A slide is a cell with an output (its last
    statement an expression) whose layout entry is not a skip or a fragment."""
    prompts_left = prompt_count(source)
    notes = [f"{prompts_left} ✏️ prompt(s) left in the slides"] if prompts_left else []
    if layout is None:
        return 0, prompts_left, [*notes, note]
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return 0, prompts_left, [*notes, "06_presentation.py does not parse"]
    cells = [node for node in tree.body if is_cell(node)]
    data = layout.get("data") if isinstance(layout.get("data"), dict) else {}
    kinds = data.get("cells") if isinstance(data.get("cells"), list) else []
    count = 0
    for index, cell in enumerate(cells):
        entry = kinds[index] if index < len(kinds) and isinstance(kinds[index], dict) else {}
        if has_output(cell) and entry.get("type", "slide") in ("slide", "sub-slide"):
            count += 1
    if count < MIN_SLIDES:
        notes.append(f"the presentation has {count} slides (it needs {MIN_SLIDES})")
    return count, prompts_left, notes


def _consistency(
    deployment: str, slides: str, chosen: Any, reported: Any
) -> tuple[float, list[str]]:
    """The fraction of the 3 points earned (half for the model named, half for the MAE)."""
    if not isinstance(chosen, str) or not isinstance(reported, dict) or chosen not in reported:
        return 0.0, [
            "the documents are checked against CHOSEN_MODEL and REPORTED_MAE in card_price.py: "
            "set both first (CHOSEN_MODEL a key of REPORTED_MAE)"
        ]
    try:
        target = float(reported[chosen])
    except (TypeError, ValueError):
        return 0.0, [f"REPORTED_MAE[{chosen!r}] is not a number"]
    if not math.isfinite(target) or target <= 0:
        return 0.0, [f"REPORTED_MAE[{chosen!r}] is not a positive number"]
    names = [str(n) for n in reported if isinstance(n, str)]
    named_ok, mae_ok, notes = True, True, []
    for label, text, live in (
        ("DEPLOYMENT.md", deployment, ""),
        ("06_presentation.py", prose(slides), slides),
    ):
        normal = normalise("\n".join(own_lines(text)))
        names_it = any(n == chosen for _, n in names_in(normal, names))
        if not names_it and "CHOSEN_MODEL" not in live:
            named_ok = False
            notes.append(f"{label} does not name the model you chose (CHOSEN_MODEL = {chosen!r})")
        wrong = wrong_choice(text, chosen, names)
        if wrong is not None:
            named_ok = False
            notes.append(
                f"{label} names {wrong!r} as the chosen model, but CHOSEN_MODEL is {chosen!r}"
            )
        quoted = quoted_maes(text, chosen, names)
        wrong = [q for q in quoted if abs(q - target) > MAE_TOLERANCE * target]
        if wrong:
            mae_ok = False
            shown = ", ".join(f"{q:g}" for q in wrong[:3])
            notes.append(
                f"{label} quotes a walk-forward MAE of {shown} for {chosen!r}, but your "
                f"REPORTED_MAE[{chosen!r}] is {target:.2f}"
            )
        elif not quoted and "REPORTED_MAE" not in live:
            mae_ok = False
            notes.append(f"{label} does not quote the walk-forward MAE of {chosen!r}")
    return 0.5 * named_ok + 0.5 * mae_ok, notes

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
import base64
import json
import math
import re
from pathlib import Path
from typing import Any

from pokemon_ml.grading.calling import NotAttempted, candidate_value
from pokemon_ml.grading.checks.capstone import criterion

__all__ = [
    "DEPLOYMENT_PROMPTS",
    "DEPLOYMENT_SECTIONS",
    "PROMPT_MARK",
    "SLIDE_PROMPTS",
    "grade_documents",
    "read_documents",
]

PROMPT_MARK = "✏️"  # every prompt line of the two templates carries it
MIN_SECTION_WORDS = 20  # of the learner's own text in a section
MIN_SLIDES = 10
MAE_TOLERANCE = 0.05  # relative: a quoted MAE rounded to dollars still agrees
MAX_BYTES = 1_000_000  # a document larger than this is read only this far
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
# The start of each template prompt: a line holding one is a prompt, even without its ✏️.
DEPLOYMENT_PROMPTS = (
    "The commands that train the model and start the service",
    "Each route with its method and purpose",
    "The model you serve (its name as in",
    "What you watch in production and how often",
    "When you retrain (a schedule, a drift alert",
    "Where the model should not be trusted",
)
SLIDE_PROMPTS = (
    "the problem: who needs a price, and what a bad price costs them",
    "what a listing holds, what your validator checks",
    "why the splits walk forward over listing dates",
    "the features that matter most (the log price",
    "the candidates, compared on the same four walk-forward blocks",
    "which model you chose, its walk-forward MAE, and why",
    "what that error means for a seller in dollars",
    "how a person gets a price (the page",
    "what you watch once it is live",
    "three things you would do with another week",
)
_PROMPTS = tuple(prompt.lower() for prompt in (*DEPLOYMENT_PROMPTS, *SLIDE_PROMPTS))
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_NUMBER = re.compile(r"(?<![\w.])\$?\s?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w%]|\.\d)")
_CHOICE = re.compile(
    r"\bchos|\bchoose|\bchoice|\bselect|\bpick|\bdeploy|\bship|\bwinner|\bwe serve|\bserved\b|\bserving\b"
)
_NEGATION = re.compile(
    r"\bnot\b|n't\b|\bno\b|\binstead\b|\brather\b|\bover\b|\bthan\b|\brejected\b"
)
_OTHER_MAE = re.compile(r"held.?out|hidden|baseline|later|\btest\b|last block|interval")


def read_documents(folder: Path) -> tuple[str | None, str | None, dict | None, str]:
    """DEPLOYMENT.md, the slides notebook and its layout (None where missing), and a note
    on the layout (why it could not be read)."""
    deployment = _read(folder / "DEPLOYMENT.md")
    slides = _read(folder / "06_presentation.py")
    layout, note = None, "06_presentation.py is missing"
    if slides is not None:
        layout, note = _layout(folder, slides)
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


def _read(path: Path) -> str | None:
    if not path.is_file():
        return None
    with path.open("rb") as handle:
        return handle.read(MAX_BYTES).decode("utf-8", errors="replace")


def _layout(folder: Path, source: str) -> tuple[dict | None, str]:
    """The layout named by ``marimo.App(layout_file=...)`` in ``source``, read as JSON."""
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        return None, f"06_presentation.py has a syntax error at line {error.lineno}"
    names = [
        keyword.value.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "App"
        for keyword in node.keywords
        if keyword.arg == "layout_file" and isinstance(keyword.value, ast.Constant)
    ]
    if not names or not isinstance(names[0], str):
        return None, "06_presentation.py has no slides layout (`marimo.App(layout_file=...)`)"
    name = names[0]
    try:
        if name.startswith("data:"):
            text = base64.b64decode(name.split(",", 1)[1]).decode()
        else:
            path = (folder / name).resolve()
            if folder.resolve() not in path.parents:
                return None, f"the layout file {name} is outside the capstone folder"
            text = _read(path)
            if text is None:
                return None, f"the layout file {name} is missing"
        layout = json.loads(text)
    except (ValueError, IndexError, UnicodeDecodeError):
        return None, f"the layout file {name} is not valid JSON"
    if not isinstance(layout, dict) or layout.get("type") != "slides":
        return None, f'the layout file {name} is not a slides layout (its type is not "slides")'
    return layout, ""


def _own_lines(text: str) -> list[str]:
    """The lines a learner wrote: no prompt, no HTML comment."""
    text = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)
    return [line for line in text.splitlines() if not _is_prompt(line)]


def _is_prompt(line: str) -> bool:
    low = line.lower()
    return PROMPT_MARK in line or any(prompt in low for prompt in _PROMPTS)


def _split_sections(text: str) -> list[tuple[str, str, bool]]:
    """(heading, body, prompt left in the body) for each heading; a body runs to the next
    heading of the same or a higher level, so sub-headings stay inside their section."""
    lines = re.sub(r"```.*?```", lambda m: m.group(0).replace("#", "＃"), text, flags=re.DOTALL)
    lines = lines.splitlines()
    heads = [
        (i, len(m.group(1)), m.group(2))
        for i, line in enumerate(lines)
        if (m := _HEADING.match(line))
    ]
    if any(level > 1 for _, level, _ in heads):  # a level-1 heading is the document's title
        heads = [head for head in heads if head[1] > 1]
    sections = []
    for n, (i, level, title) in enumerate(heads):
        end = next((j for j, lv, _ in heads[n + 1 :] if lv <= level), len(lines))
        body = "\n".join(lines[i + 1 : end]).replace("＃", "#")
        sections.append((title, body, any(_is_prompt(line) for line in body.splitlines())))
    return sections


def _sections_filled(text: str) -> tuple[dict[str, bool], list[str]]:
    found = _split_sections(text)
    filled, notes = {}, []
    for name, (heading, must_hold, what) in DEPLOYMENT_SECTIONS.items():
        matches = [s for s in found if re.search(heading, s[0], re.IGNORECASE)]
        if not matches:
            filled[name] = False
            notes.append(f"DEPLOYMENT.md has no section on {name}")
            continue
        title, body, prompt_left = max(matches, key=lambda s: len(s[1]))
        words = len(re.findall(r"\w+", "\n".join(_own_lines(body))))
        holds = re.search(must_hold, "\n".join(_own_lines(body)), re.IGNORECASE) is not None
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


def _prompt_count(source: str) -> int:
    return sum(_is_prompt(line) for line in source.splitlines())


def _slides(source: str, layout: dict | None, note: str) -> tuple[int, int, list[str]]:
    """(slides shown, prompts left, notes). A slide is a cell with an output (its last
    statement an expression) whose layout entry is not a skip or a fragment."""
    prompts_left = _prompt_count(source)
    notes = [f"{prompts_left} ✏️ prompt(s) left in the slides"] if prompts_left else []
    if layout is None:
        return 0, prompts_left, [*notes, note]
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return 0, prompts_left, [*notes, "06_presentation.py does not parse"]
    cells = [node for node in tree.body if _is_cell(node)]
    data = layout.get("data") if isinstance(layout.get("data"), dict) else {}
    kinds = data.get("cells") if isinstance(data.get("cells"), list) else []
    count = 0
    for index, cell in enumerate(cells):
        entry = kinds[index] if index < len(kinds) and isinstance(kinds[index], dict) else {}
        if _has_output(cell) and entry.get("type", "slide") in ("slide", "sub-slide"):
            count += 1
    if count < MIN_SLIDES:
        notes.append(f"the presentation has {count} slides (it needs {MIN_SLIDES})")
    return count, prompts_left, notes


def _is_cell(node: ast.stmt) -> bool:
    """A marimo cell: ``with app.setup:``, or a function or class decorated by the app."""
    if isinstance(node, ast.With):
        return any(getattr(item.context_expr, "attr", None) == "setup" for item in node.items)
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return False
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(target, ast.Attribute) and target.attr in (
            "cell",
            "function",
            "class_definition",
        ):
            return True
    return False


def _has_output(cell: ast.stmt) -> bool:
    """Whether a cell shows something: its last statement is an expression (marimo's rule);
    the setup cell and ``@app.function`` cells show nothing."""
    if isinstance(cell, (ast.With, ast.ClassDef)) or not any(
        getattr(d.func if isinstance(d, ast.Call) else d, "attr", None) == "cell"
        for d in cell.decorator_list
    ):
        return False
    body = [s for s in cell.body if not isinstance(s, ast.Return)]
    last = body[-1] if body else None
    return isinstance(last, ast.Expr) and not (
        isinstance(last.value, ast.Constant) and last.value.value in (None, Ellipsis)
    )


def _normal(text: str) -> str:
    return re.sub(r"[_\-]+", " ", text.lower())


def _names_in(text: str, names: list[str]) -> list[tuple[int, str]]:
    """(position, name) of each candidate named in ``text`` (already normalised); a longer
    name hides the shorter ones inside it."""
    found, taken = [], [False] * len(text)
    for name in sorted(names, key=len, reverse=True):
        for match in re.finditer(rf"(?<!\w){re.escape(_normal(name))}(?!\w)", text):
            if not any(taken[match.start() : match.end()]):
                found.append((match.start(), name))
                taken[match.start() : match.end()] = [True] * (match.end() - match.start())
    return sorted(found)


def _wrong_choice(text: str, chosen: str, names: list[str]) -> str | None:
    """A candidate other than ``chosen`` named as the choice ("we chose ridge"), if any."""
    for line in (_normal(line) for line in _own_lines(text)):
        named = _names_in(line, names)
        if not named or chosen in {n for _, n in named}:
            continue
        for keyword in _CHOICE.finditer(line):
            after = [(p, n) for p, n in named if 0 <= p - keyword.end() <= 60]
            if after and not _NEGATION.search(line[keyword.start() : after[0][0]]):
                return after[0][1]
    return None


def _prose(source: str) -> str:
    """The text of a notebook's strings (its slides' words), one string per line."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return source
    return "\n".join(
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    )


def _quoted_maes(text: str, chosen: str, names: list[str]) -> list[float]:
    """Every number the text gives as the walk-forward MAE of ``chosen``: in a table, the
    MAE column of a row naming it; in a sentence about a walk-forward MAE (or naming it
    with an MAE of no other kind), the number after its name — or, in a sentence that
    names no candidate, each amount of money."""
    values: list[float] = []
    column = None
    for line in _own_lines(text):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.strip().startswith("|"):
            column = None
        elif any("mae" in c.lower() for c in cells) and not any(_NUMBER.search(c) for c in cells):
            column = next(
                (
                    i
                    for i, c in enumerate(cells)
                    if "mae" in c.lower() and not _OTHER_MAE.search(c.lower())
                ),
                None,
            )
        elif column is not None and len(cells) > column:
            if any(n == chosen for _, n in _names_in(_normal(cells[0]), names)):
                values += _numbers(cells[column])[:1]
    for sentence in _sentences(text):
        low = _normal(sentence)
        if "mae" not in low or ("walk" not in low and _OTHER_MAE.search(low)):
            continue
        mentions = _names_in(low, names)
        if not mentions and "walk" in low:
            values += [float(v) for v, money in _amounts(low) if money]
        for k, (position, name) in enumerate(mentions):
            if name != chosen:
                continue
            stop = mentions[k + 1][0] if k + 1 < len(mentions) else len(low)
            begin = mentions[k - 1][0] if k else 0
            after = _amounts(low[position:stop])
            before = _amounts(low[begin:position])
            after = [a for a in after if a[1]] or after
            before = [b for b in before if b[1]] or before
            if after or before:
                values.append(after[0][0] if after else before[-1][0])
    return values


def _sentences(text: str) -> list[str]:
    """The prose of ``text`` (no table rows, headings or code), one sentence at a time; a
    paragraph or list item wrapped over several lines is joined first."""
    text = re.sub(r"```.*?```", "", text, flags=re.DOTALL)
    units, current = [], []
    for line in _own_lines(text):
        stripped = line.strip()
        starts_unit = not stripped or re.match(r"([-*>|#]|\d+\.)\s", stripped + " ")
        if starts_unit and current:
            units.append(" ".join(current))
            current = []
        if stripped and not stripped.startswith(("|", "#")):
            current.append(stripped)
    if current:
        units.append(" ".join(current))
    return [part for unit in units for part in re.split(r"(?<=[.;!?])\s+", unit)]


def _amounts(text: str) -> list[tuple[float, bool]]:
    """(number, looks like money) for each number but percentages (and ranges of them):
    money has a $ sign, a decimal point, or USD/dollars after it (not "4 blocks")."""
    found = []
    for match in _NUMBER.finditer(text):
        rest = text[match.end() : match.end() + 16]
        if re.match(r"\s*[–-]\s*\d+(?:\.\d+)?\s*%", rest):
            continue
        value = float(match.group(1).replace(",", "") + (match.group(2) or ""))
        money = (
            "$" in match.group(0)
            or match.group(2) is not None
            or re.match(r"\s*(?:usd|dollars)\b", rest, re.IGNORECASE) is not None
        )
        found.append((value, money))
    return found


def _numbers(text: str) -> list[float]:
    return [float(m.group(1).replace(",", "") + (m.group(2) or "")) for m in _NUMBER.finditer(text)]


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
        ("06_presentation.py", _prose(slides), slides),
    ):
        normal = _normal("\n".join(_own_lines(text)))
        names_it = any(n == chosen for _, n in _names_in(normal, names))
        if not names_it and "CHOSEN_MODEL" not in live:
            named_ok = False
            notes.append(f"{label} does not name the model you chose (CHOSEN_MODEL = {chosen!r})")
        wrong = _wrong_choice(text, chosen, names)
        if wrong is not None:
            named_ok = False
            notes.append(
                f"{label} names {wrong!r} as the chosen model, but CHOSEN_MODEL is {chosen!r}"
            )
        quoted = _quoted_maes(text, chosen, names)
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

"""Reading the capstone's documents as text, for criterion 7 (``capstone_docs``).

Nothing here runs the learner's files: a markdown document is split into its sections,
a slides notebook is parsed (``ast``) for its cells and the words of its strings, and
sentences are searched for the numbers they quote. The template prompts (each marked
✏️) are known by their first words too, so a prompt left in without its pencil is
still a prompt.
"""

from __future__ import annotations

import ast
import base64
import json
import re
from pathlib import Path

__all__ = [
    "DEPLOYMENT_PROMPTS",
    "MAX_BYTES",
    "PROMPT_MARK",
    "SLIDE_PROMPTS",
    "has_output",
    "is_cell",
    "is_prompt",
    "names_in",
    "normalise",
    "numbers",
    "own_lines",
    "prompt_count",
    "prose",
    "quoted_maes",
    "read_layout",
    "read_text",
    "split_sections",
    "wrong_choice",
]

PROMPT_MARK = "✏️"  # every prompt line of the two templates carries it
MAX_BYTES = 1_000_000  # a document larger than this is read only this far
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


def read_text(path: Path) -> str | None:
    if not path.is_file():
        return None
    with path.open("rb") as handle:
        return handle.read(MAX_BYTES).decode("utf-8", errors="replace")


def read_layout(folder: Path, source: str) -> tuple[dict | None, str]:
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
            text = read_text(path)
            if text is None:
                return None, f"the layout file {name} is missing"
        layout = json.loads(text)
    except (ValueError, IndexError, UnicodeDecodeError):
        return None, f"the layout file {name} is not valid JSON"
    if not isinstance(layout, dict) or layout.get("type") != "slides":
        return None, f'the layout file {name} is not a slides layout (its type is not "slides")'
    return layout, ""


def own_lines(text: str) -> list[str]:
    """The lines a learner wrote: no prompt, no HTML comment."""
    text = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)
    return [line for line in text.splitlines() if not is_prompt(line)]


def is_prompt(line: str) -> bool:
    low = line.lower()
    return PROMPT_MARK in line or any(prompt in low for prompt in _PROMPTS)


def split_sections(text: str) -> list[tuple[str, str, bool]]:
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
        sections.append((title, body, any(is_prompt(line) for line in body.splitlines())))
    return sections


def prompt_count(source: str) -> int:
    return sum(is_prompt(line) for line in source.splitlines())


def is_cell(node: ast.stmt) -> bool:
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


def has_output(cell: ast.stmt) -> bool:
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


def normalise(text: str) -> str:
    return re.sub(r"[_\-]+", " ", text.lower())


def names_in(text: str, names: list[str]) -> list[tuple[int, str]]:
    """(position, name) of each candidate named in ``text`` (already normalised); a longer
    name hides the shorter ones inside it."""
    found, taken = [], [False] * len(text)
    for name in sorted(names, key=len, reverse=True):
        for match in re.finditer(rf"(?<!\w){re.escape(normalise(name))}(?!\w)", text):
            if not any(taken[match.start() : match.end()]):
                found.append((match.start(), name))
                taken[match.start() : match.end()] = [True] * (match.end() - match.start())
    return sorted(found)


def wrong_choice(text: str, chosen: str, names: list[str]) -> str | None:
    """A candidate other than ``chosen`` named as the choice ("we chose ridge"), if any."""
    for line in (normalise(line) for line in own_lines(text)):
        named = names_in(line, names)
        if not named or chosen in {n for _, n in named}:
            continue
        for keyword in _CHOICE.finditer(line):
            after = [(p, n) for p, n in named if 0 <= p - keyword.end() <= 60]
            if after and not _NEGATION.search(line[keyword.start() : after[0][0]]):
                return after[0][1]
    return None


def prose(source: str) -> str:
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


def quoted_maes(text: str, chosen: str, names: list[str]) -> list[float]:
    """Every number the text gives as the walk-forward MAE of ``chosen``: in a table, the
    MAE column of a row naming it; in a sentence about a walk-forward MAE (or naming it
    with an MAE of no other kind), the number after its name — or, in a sentence that
    names no candidate, each amount of money."""
    values: list[float] = []
    column = None
    for line in own_lines(text):
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
            if any(n == chosen for _, n in names_in(normalise(cells[0]), names)):
                values += numbers(cells[column])[:1]
    for sentence in sentences(text):
        low = normalise(sentence)
        if "mae" not in low or ("walk" not in low and _OTHER_MAE.search(low)):
            continue
        mentions = names_in(low, names)
        if not mentions and "walk" in low:
            values += [float(v) for v, money in amounts(low) if money]
        for k, (position, name) in enumerate(mentions):
            if name != chosen:
                continue
            stop = mentions[k + 1][0] if k + 1 < len(mentions) else len(low)
            begin = mentions[k - 1][0] if k else 0
            after = amounts(low[position:stop])
            before = amounts(low[begin:position])
            after = [a for a in after if a[1]] or after
            before = [b for b in before if b[1]] or before
            if after or before:
                values.append(after[0][0] if after else before[-1][0])
    return values


def sentences(text: str) -> list[str]:
    """The prose of ``text`` (no table rows, headings or code), one sentence at a time; a
    paragraph or list item wrapped over several lines is joined first."""
    text = re.sub(r"```.*?```", "", text, flags=re.DOTALL)
    units, current = [], []
    for line in own_lines(text):
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


def amounts(text: str) -> list[tuple[float, bool]]:
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


def numbers(text: str) -> list[float]:
    return [float(m.group(1).replace(",", "") + (m.group(2) or "")) for m in _NUMBER.finditer(text)]

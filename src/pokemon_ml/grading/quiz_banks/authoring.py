"""Edit a quiz without a plaintext key in the repository: export a bank to TOML, import it back.

    uv run python -m pokemon_ml.grading.quiz export course_1 > /tmp/course_1.toml
    # edit /tmp/course_1.toml: prompts, options, answers (option letters), explanations
    uv run python -m pokemon_ml.grading.quiz import course_1 /tmp/course_1.toml

Keep the TOML outside the repository: it holds the answers and explanations in plain
text. Import keeps the bank's salt (so an unchanged quiz gives a byte-identical bank),
checks every question, and writes ``quiz_banks/<name>.json``.
"""

from __future__ import annotations

import json
import secrets
import sys
import tomllib
from pathlib import Path
from typing import Any

from pokemon_ml.grading.quiz_bank import BANKS, LETTERS, answer_digest, canonical, load_bank, seal

__all__ = ["export_toml", "import_toml", "main"]

QUESTION_FIELDS = ("id", "module", "multi", "prompt", "options", "answer", "explanation")


def export_toml(name: str) -> str:
    """The bank ``name`` as TOML, with every answer and explanation in plain text."""
    bank = load_bank(name)
    lines = [
        f"name = {_string(bank.name)}",
        f"title = {_string(bank.title)}",
        f"pass_mark = {bank.pass_mark}",
        f"salt = {_string(bank.salt)}",
    ]
    for question in bank.questions:
        answer = bank.correct_answer(question.id)
        lines += [
            "",
            "[[questions]]",
            f"id = {_string(question.id)}",
            f"module = {question.module}",
            f"multi = {'true' if question.multi else 'false'}",
            f"prompt = {_string(question.prompt)}",
            "options = [",
            *(f"    {_string(option)}," for option in question.options),
            "]",
            f"answer = {json.dumps(answer)}",
            f"explanation = {_string(bank.explanation(question.id))}",
        ]
    return "\n".join(lines) + "\n"


def import_toml(name: str, source: str, folder: Path = BANKS) -> Path:
    """Seal the quiz in ``source`` (TOML) and write it as ``<folder>/<name>.json``.

    Raises:
        ValueError: a question is incomplete, or its answer names no option.
    """
    quiz = tomllib.loads(source)
    if quiz.get("name") != name:
        raise ValueError(f"the TOML is quiz {quiz.get('name')!r}, not {name!r}")
    salt = quiz.get("salt") or secrets.token_hex(16)
    questions, seen = [], set()
    for entry in quiz["questions"]:
        missing = [field for field in QUESTION_FIELDS if field not in entry]
        if missing or entry["id"] in seen:
            raise ValueError(f"question {entry.get('id')!r}: missing {missing} or a repeated id")
        seen.add(entry["id"])
        questions.append(_sealed(entry, salt))
    bank = {
        "name": name,
        "title": quiz["title"],
        "pass_mark": quiz["pass_mark"],
        "salt": salt,
        "questions": questions,
    }
    path = folder / f"{name}.json"
    path.write_text(json.dumps(bank, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    load_bank.cache_clear()
    return path


def _sealed(entry: dict[str, Any], salt: str) -> dict[str, Any]:
    answer, ids = entry["answer"], LETTERS[: len(entry["options"])]
    chosen = answer if isinstance(answer, list) else [answer]
    if entry["multi"] != isinstance(answer, list) or not chosen or set(chosen) - set(ids):
        raise ValueError(f"question {entry['id']}: answer {answer!r} does not fit its options")
    key = canonical(answer)
    return {
        "id": entry["id"],
        "module": entry["module"],
        "multi": entry["multi"],
        "prompt": entry["prompt"].strip("\n"),
        "options": list(entry["options"]),
        "answer_hash": answer_digest(salt, entry["id"], key),
        "sealed_explanation": seal(entry["explanation"].strip("\n"), salt, entry["id"], key),
    }


def _string(text: str) -> str:
    """A TOML string: multi-line literal when that is safe, else a JSON-escaped one."""
    if "\n" in text and "'''" not in text and not text.endswith("'"):
        return "'''\n" + text + "'''"
    return json.dumps(text, ensure_ascii=False)


def main(argv: list[str] | None = None) -> int:
    """Command line: ``export NAME`` prints TOML; ``import NAME FILE`` writes the bank."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) == 2 and args[0] == "export":
        sys.stdout.write(export_toml(args[1]))
        return 0
    if len(args) == 3 and args[0] == "import":
        print(f"wrote {import_toml(args[1], Path(args[2]).read_text(encoding='utf-8'))}")
        return 0
    print(__doc__, file=sys.stderr)
    return 2

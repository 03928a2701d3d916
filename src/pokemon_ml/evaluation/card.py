"""Model cards: what a model is for, how good it is, for whom it fails, and a verdict.

A model card (Mitchell et al., 2019) is the page a review board reads before a model
ships. Its numbers must be the model's, recomputed from the model and the data, and
its verdict must follow a policy everyone can read. Here the card is a plain dict
(``CARD_KEYS``), so a program can check it and ``render_markdown`` can print it.

The review board's policy (``recommend``), in order:

1. **no-go** if overall accuracy is below ``MIN_ACCURACY``;
2. **go with conditions** if the worst slice with at least ``MIN_SLICE_ROWS`` rows is
   more than ``MAX_SLICE_GAP`` below overall accuracy (the conditions say for whom the
   model must not be used yet, and what would lift the condition);
3. **go** otherwise.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from sklearn.metrics import accuracy_score, f1_score

from pokemon_ml.evaluation.slices import MIN_SLICE_ROWS, slice_table, worst_slice
from pokemon_ml.features.engineering import TARGET

__all__ = [
    "CARD_KEYS",
    "MAX_SLICE_GAP",
    "MIN_ACCURACY",
    "RECOMMENDATIONS",
    "SLICE_COLUMNS",
    "build_model_card",
    "data_sha256",
    "recommend",
    "render_markdown",
    "write_model_card",
]

MIN_ACCURACY = 0.75  # the board's bar for any deployment (checkpoint C2's, too)
MAX_SLICE_GAP = 0.15  # a slice this far below overall accuracy needs conditions
SLICE_COLUMNS = ("generation", TARGET)
RECOMMENDATIONS = ("go", "go with conditions", "no-go")
CARD_KEYS = {
    "model": "what the model is (its kind, its version)",
    "summary": "the executive summary: two to five sentences a director can act on",
    "intended_use": "who uses it for what, and what it must not be used for",
    "data": "the evaluation data: {'rows': int, 'sha256': data_sha256(data)}",
    "metrics": "overall: {'accuracy': float, 'macro_f1': float}",
    "slices": "per slice: {'generation=1': {'n': int, 'accuracy': float}, ...}",
    "limitations": "a list of sentences: what the model cannot do",
    "risks": "a list of sentences: who could be hurt and how (the worst slice first)",
    "recommendation": "one of RECOMMENDATIONS",
    "conditions": "a list: what must hold for 'go with conditions' (empty otherwise)",
}


def data_sha256(data: pd.DataFrame) -> str:
    """The evaluation data's version: SHA-256 of its rows, index and columns.

    Any change to a value, a row's order or a column changes it.
    """
    digest = hashlib.sha256()
    digest.update("\x1f".join(map(str, data.columns)).encode())
    digest.update(pd.util.hash_pandas_object(data, index=True).to_numpy().tobytes())
    return digest.hexdigest()


def recommend(accuracy: float, slices: pd.DataFrame) -> tuple[str, pd.Series | None]:
    """The board's verdict from overall accuracy and a ``slice_table``.

    Returns:
        ``(recommendation, worst)``: one of ``RECOMMENDATIONS`` and the worst slice with
        enough rows (None if no slice has ``MIN_SLICE_ROWS`` rows).
    """
    eligible = slices[slices["n"] >= MIN_SLICE_ROWS]
    worst = worst_slice(eligible) if len(eligible) else None
    if accuracy < MIN_ACCURACY:
        return "no-go", worst
    # A gap of exactly MAX_SLICE_GAP is allowed: 0.80 - 0.65 is 0.15000000000000002 in floats.
    if worst is not None and accuracy - worst["accuracy"] > MAX_SLICE_GAP + 1e-9:
        return "go with conditions", worst
    return "go", worst


def build_model_card(
    model: Any,
    data: pd.DataFrame,
    name: str = "primary-type classifier",
    intended_use: str = (
        "Suggest a newly sighted creature's primary type to a Pokédex curator, who "
        "confirms it. Not for deciding anything about a creature without a human check."
    ),
) -> dict[str, Any]:
    """A model card for ``model`` evaluated on ``data`` (rows with their true types).

    Returns:
        A dict with every key of ``CARD_KEYS``; its numbers recomputed here.
    """
    truth = data[TARGET].to_numpy()
    predicted = model.predict(data)
    accuracy = float(accuracy_score(truth, predicted))
    macro_f1 = float(f1_score(truth, predicted, average="macro", zero_division=0))
    slices = slice_table(data, truth, predicted, SLICE_COLUMNS)
    verdict, worst = recommend(accuracy, slices)
    small = slices[slices["n"] < MIN_SLICE_ROWS]["slice"].tolist()
    risks = []
    if worst is not None:
        risks.append(
            f"The worst slice is {worst['slice']}: accuracy {worst['accuracy']:.3f} on "
            f"{worst['n']} creatures (95% interval {worst['ci_low']:.3f}-{worst['ci_high']:.3f}), "
            f"against {accuracy:.3f} overall. Curators of these creatures get wrong "
            "suggestions most often, and may learn to trust them."
        )
    risks.append(
        "Confident mistakes: a curator who accepts suggestions without checking copies the "
        "model's errors into the Pokédex, where the next model trains on them."
    )
    limitations = [
        "Evaluated on creatures like the training data; a new generation or a new type is "
        "outside what it has seen.",
        "It predicts one type; a dual-type creature's secondary type is never suggested.",
    ]
    if small:
        limitations.append(
            f"Slices with fewer than {MIN_SLICE_ROWS} rows ({', '.join(small)}) are reported "
            "but too small to judge."
        )
    conditions = (
        [
            f"Do not use for {worst['slice']} until its accuracy is within {MAX_SLICE_GAP:.2f} "
            "of the overall accuracy; route those creatures to a curator without a suggestion.",
            "Re-evaluate per slice on every retraining.",
        ]
        if verdict == "go with conditions"
        else []
    )
    summary = (
        f"The {name} is right for {accuracy:.1%} of {len(data)} held-out creatures "
        f"(macro F1 {macro_f1:.3f}). Recommendation: {verdict}."
    )
    if worst is not None:
        summary += f" Its weakest slice is {worst['slice']} ({worst['accuracy']:.1%})."
    return {
        "model": f"{name}: {type(_final_step(model)).__name__}",
        "summary": summary,
        "intended_use": intended_use,
        "data": {"rows": len(data), "sha256": data_sha256(data)},
        "metrics": {"accuracy": accuracy, "macro_f1": macro_f1},
        "slices": {
            row.slice: {"n": int(row.n), "accuracy": float(row.accuracy)}
            for row in slices.itertuples()
        },
        "limitations": limitations,
        "risks": risks,
        "recommendation": verdict,
        "conditions": conditions,
    }


def render_markdown(card: dict[str, Any]) -> str:
    """The card as a Markdown page (missing sections are shown as missing)."""

    def items(values: Sequence[str] | Any) -> str:
        if not values:
            return "- (none)"
        if isinstance(values, str):
            return values
        return "\n".join(f"- {value}" for value in values)

    metrics = card.get("metrics") or {}
    data = card.get("data") or {}
    slices = card.get("slices") or {}
    slice_rows = "\n".join(
        f"| {name} | {values.get('n', '?')} | {_number(values.get('accuracy'))} |"
        for name, values in slices.items()
    )
    conditions = card.get("conditions") or []
    verdict = f"**{card.get('recommendation', '(missing)')}**"
    if conditions:
        verdict += "\n\nConditions:\n\n" + items(conditions)
    return "\n".join(
        [
            f"# Model card: {card.get('model', '(missing)')}",
            "",
            "## Executive summary",
            "",
            str(card.get("summary", "(missing)")),
            "",
            "## Intended use",
            "",
            str(card.get("intended_use", "(missing)")),
            "",
            "## Data",
            "",
            f"{data.get('rows', '?')} held-out rows, SHA-256 `{data.get('sha256', '?')}`",
            "",
            "## Metrics",
            "",
            f"Accuracy {_number(metrics.get('accuracy'))}, "
            f"macro F1 {_number(metrics.get('macro_f1'))}",
            "",
            "| slice | n | accuracy |",
            "|---|---:|---:|",
            slice_rows,
            "",
            "## Limitations",
            "",
            items(card.get("limitations")),
            "",
            "## Risks",
            "",
            items(card.get("risks")),
            "",
            "## Recommendation",
            "",
            verdict,
            "",
        ]
    )


def write_model_card(card: dict[str, Any], path: Path | str) -> Path:
    """Write ``render_markdown(card)`` to ``path`` (a ``.md`` file) and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_markdown(card), encoding="utf-8")
    return path


def _number(value: Any) -> str:
    return f"{value:.3f}" if isinstance(value, (int, float)) else "(missing)"


def _final_step(model: Any) -> Any:
    return model.steps[-1][1] if hasattr(model, "steps") else model

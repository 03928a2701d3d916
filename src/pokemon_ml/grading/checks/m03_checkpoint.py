"""Check for checkpoint C3: debug the failing model (``train_fixed`` + ``BUGS_FOUND``).

The team's script, ``pokemon_ml.training.broken.train_broken``, has five bugs. The
learner writes ``train_fixed(df, seed=42) -> (model, metrics)``: the script repaired —
the same table in (``team_table``), the fitted model and ``{"accuracy", "macro_f1"}``
measured on the rows whose ``split`` is ``"test"`` out.

Each bug is tested on its own (``m03_bugs``), so a partial fix is told which bugs
remain, by id, with the symptom seen and never the fix. With every bug gone, the
model's accuracy on creatures the grader keeps to itself must be close to the honest
script's (and is shown beside the broken script's and what it reported). Last,
``BUGS_FOUND`` is counted against the bugs: how many found and how many suspects
wrongly accused, never which.
"""

from __future__ import annotations

from typing import Any

from pokemon_ml.grading.calling import WrongAnswer, candidate_value
from pokemon_ml.grading.checks.m03_bugs import accuracy, probe, remaining_bugs, yardsticks
from pokemon_ml.grading.checks.m03_exercises import MODULE
from pokemon_ml.grading.registry import register

__all__ = ["BUG_IDS", "SUSPECTS"]

# What can be wrong with a training script: the ids BUGS_FOUND is written in.
SUSPECTS = {
    "misaligned_labels": "features and labels no longer describe the same creatures",
    "target_leak": "a feature is only known once the answer is known",
    "fit_on_test": "something is fitted on the held-out rows",
    "wrong_metric": "a reported number is not what its name says",
    "seed_not_honoured": "the same seed does not give the same model",
    "class_imbalance": "one type is too rare for the model to learn",
    "unscaled_features": "numbers of very different sizes reach the model unscaled",
    "duplicate_rows": "some creatures are counted twice",
    "too_few_iterations": "the classifier stops before it has converged",
}
BUG_IDS = frozenset(
    {"misaligned_labels", "target_leak", "fit_on_test", "wrong_metric", "seed_not_honoured"}
)
PERFORMANCE_MARGIN = 0.05  # below the honest script's accuracy by more: something else broke


@register(
    "C3",
    module=MODULE,
    title="Debug the failing model",
    function="train_fixed",
    notebook="checkpoints/03_debug_the_failing_model.py",
    solution="checkpoints/solutions/03_debug_the_failing_model.py",
    minutes=75,
    difficulty="hard",
    hints=(
        (
            "Read the script one line at a time and ask of each: which rows does this see, "
            "and would it be known for a creature nobody has typed yet? Then run it twice with "
            "the same seed and compare the reports."
        ),
        (
            "pandas lines up rows by index label; scikit-learn and `.to_numpy()` line them up "
            "by position. After a shuffle, the two disagree. And `random.seed` seeds Python's "
            "`random` module only: numpy, pandas and scikit-learn take `random_state`."
        ),
        (
            "Fit everything (the scaler, the encoder, the classifier) on the training rows "
            "only, in one `Pipeline`; keep only the columns a new creature would have; and "
            "check each metric's definition in scikit-learn's documentation (`average=`)."
        ),
    ),
    timeout_s=60.0,
    also=("BUGS_FOUND",),
)
def check_train_fixed(candidate: Any) -> str:
    found, unchecked, first = remaining_bugs(candidate)
    if found:
        lines = "\n".join(f"* `{bug}`: {symptom}" for bug, symptom in found.items())
        later = (
            f"\n\nNot checked yet: {', '.join(f'`{bug}`' for bug in unchecked)} (it needs two "
            "runs with the same seed to agree first)."
            if unchecked
            else ""
        )
        raise WrongAnswer(
            f"{len(found)} of the script's bugs remain in `train_fixed`:\n\n{lines}{later}"
        )
    _, shuffled, y = probe()
    marks, scored = yardsticks(), accuracy(first.model, shuffled, y)
    compared = (
        f"Your model scores {scored:.3f} on {len(y):,} new creatures; the script repaired "
        f"scores {marks['honest']:.3f}, the broken script {marks['broken']:.3f} (it reported "
        f"{marks['broken_reported']:.3f})."
    )
    if scored < marks["honest"] - PERFORMANCE_MARGIN:
        raise WrongAnswer(
            f"Every bug's test passes, but: {compared} Fix the bugs and keep the rest of the "
            "script: its features, its classifier and its settings."
        )
    _require_bugs_found(candidate_value(candidate, "BUGS_FOUND"))
    return f"All five bugs fixed and named. {compared}"


def _require_bugs_found(found: Any) -> None:
    if not isinstance(found, (set, frozenset, list, tuple)) or not all(
        isinstance(bug, str) for bug in found
    ):
        raise WrongAnswer(
            "`BUGS_FOUND` should be a set of ids (strings such as "
            f"{next(iter(SUSPECTS))!r}), got {type(found).__name__}."
        )
    unknown = sorted(set(found) - set(SUSPECTS))
    if unknown:
        raise WrongAnswer(
            f"`BUGS_FOUND` holds {', '.join(map(repr, unknown))}, which is not one of the ids "
            f"in the table of suspects: {', '.join(SUSPECTS)}."
        )
    named, accused = len(set(found) & BUG_IDS), len(set(found) - BUG_IDS)
    if named < len(BUG_IDS) or accused:
        parts = [f"names {named} of the script's {len(BUG_IDS)} bugs"]
        if accused:
            parts.append(f"accuses {accused} suspect(s) that are not bugs in this script")
        raise WrongAnswer(
            f"Your `train_fixed` is right. `BUGS_FOUND` {' and '.join(parts)}: list every bug "
            "you fixed, and only those."
        )

# /// script
# requires-python = ">=3.11"
# dependencies = [
#     "marimo>=0.25,<0.26",
#     "numpy>=2.0",
#     "pandas>=2.2",
#     "scikit-learn>=1.9",
#     "pokemon-ml",
# ]
#
# [tool.uv.sources]
# pokemon-ml = { path = "..", editable = true }
# ///

import marimo

__generated_with = "0.25.2"
app = marimo.App(width="medium")

with app.setup:
    import marimo as mo
    import numpy as np
    import pandas as pd
    from sklearn.metrics import accuracy_score, f1_score

    from pokemon_ml.evaluation import (
        MAX_SLICE_GAP,
        MIN_ACCURACY,
        MIN_SLICE_ROWS,
        RECOMMENDATIONS,
        data_sha256,
        recommend,
        render_markdown,
        slice_name,
        slice_table,
    )
    from pokemon_ml.evaluation.card import CARD_KEYS, SLICE_COLUMNS
    from pokemon_ml.evaluation.review import model_under_review
    from pokemon_ml.features import TARGET
    from pokemon_ml.grading.notebook import exercise_header, hint_button, live_check


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    # Checkpoint 4 — the Model Review Board

    Before a model ships, a review board reads one page about it: what it is for, how
    good it is, for whom it fails, what could go wrong, and a recommendation. Boards
    have learned to distrust those pages — a number typed by hand from last week's run,
    an average that hides a group the model fails, a verdict that was decided before
    the evaluation. Your page will be different: **every number in it is computed from
    the model and the data, and the verdict follows the board's written policy.**

    This checkpoint puts Module 4 together: metrics that fit the question, slices with
    their sizes, the worst slice named as a risk, and a recommendation you can defend.
    Plan about an hour and a quarter.
    """)
    return


@app.cell(hide_code=True)
def _():
    exercise_header("C4")
    return


@app.cell(hide_code=True)
def _():
    _keys = "\n".join(f"| `{key}` | {meaning} |" for key, meaning in CARD_KEYS.items())
    mo.md(f"""
    Write `make_model_card(model, data)`: `model` is a fitted type classifier (a
    scikit-learn pipeline that takes whole creature rows), `data` held-out creatures with
    their true `{TARGET}`. Return the card as a dict with these keys:

    | key | what it holds |
    |:---|:---|
    {_keys}

    **Slices**: one per value of each of {", ".join(f"`{c}`" for c in SLICE_COLUMNS)}
    present in `data`, named by `slice_name` (`"generation=3"`, `"{TARGET}=fire"`);
    sliced by the true type, accuracy is that type's recall.

    **The board's policy**, applied in order:

    1. **`no-go`** if overall accuracy is below **{MIN_ACCURACY}**;
    2. **`go with conditions`** if the worst slice with at least **{MIN_SLICE_ROWS}**
       rows is more than **{MAX_SLICE_GAP}** below overall accuracy — the `conditions`
       then name that slice (what must not happen until when);
    3. **`go`** otherwise (and `conditions` is an empty list).

    The board reads the card for:

    * numbers: the data's size and `data_sha256(data)`; overall accuracy and macro F1;
      every slice's `n` and accuracy — each recomputed from the model and the data;
    * **every percentage or decimal in your sentences** (summary, intended use,
      limitations, risks, conditions) must be one the model and data produce — overall or
      per-slice accuracy, an error rate, macro F1, an interval bound, a gap, a slice's
      share of the data, or the policy's own thresholds — at the precision you print it;
    * the worst slice (with at least {MIN_SLICE_ROWS} rows) named among the risks;
    * the recommendation, stated in the executive summary too.

    The check runs your function on **three models the board has never shown you**, on
    creatures it keeps to itself: their right verdicts differ, so a fixed text cannot
    pass. `slice_table`, `recommend`, `data_sha256` and `slice_name` (imported above) are
    yours to use; the package's own `build_model_card` is not (the check disarms it).
    """)
    return


@app.cell
def _():
    _messages = []
    artifact, held_out = model_under_review(say=_messages.append)
    mo.vstack(
        [
            *(mo.md(f"*{m}*") for m in _messages),
            mo.md(
                f"The model under review: **{artifact.folder.name}**, with the "
                f"{len(held_out)} creatures its training run held out."
            ),
        ]
    )
    return artifact, held_out


@app.function
def make_model_card(model, data: pd.DataFrame) -> dict:
    """The model card for ``model`` evaluated on ``data`` (rows with their true types).

    Args:
        model: a fitted classifier that takes creature rows and predicts their type.
        data: held-out creatures, ``primary_type`` included.

    Returns:
        A dict with every key of ``CARD_KEYS``.
    """
    raise NotImplementedError


@app.cell
def _(artifact, held_out):
    try:
        _card = make_model_card(artifact.model, held_out)
    except NotImplementedError:
        _shown = mo.md("*Write `make_model_card`: your card for the model under review shows here.*")
    else:
        _shown = mo.md(render_markdown(_card))
    _shown
    return


@app.cell
def _():
    hints_c4 = hint_button("C4")
    return (hints_c4,)


@app.cell
def _(hints_c4):
    live_check("C4", make_model_card, hints_c4)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## When it passes

    Read your card as a board member would, then compare with
    `checkpoints/solutions/04_model_review_board.py`. Then tick the checkpoint's lines in
    `PROGRESS.md` (`uv run pokemon-ml progress --update` ticks the graded one), and
    write down the "aha moment" of this module while you still remember it.
    """)
    return


if __name__ == "__main__":
    app.run()

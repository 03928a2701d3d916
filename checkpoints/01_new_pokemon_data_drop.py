# /// script
# requires-python = ">=3.11"
# dependencies = [
#     "marimo>=0.25,<0.26",
#     "pandas>=2.2",
#     "pandera>=0.30",
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
    import pandas as pd
    import pandera.pandas as pa
    from pandera.errors import SchemaErrors

    from pokemon_ml import ISSUE_KINDS, POKEMON_SCHEMA, load_dataset
    from pokemon_ml.grading.notebook import exercise_header, hint_button, live_check


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    # Checkpoint 1 — the new Pokémon data drop

    A partner team has sent `pokemon_drop_v2`: three hundred new creatures for next
    week's training run. Their export changed since last time, and they did not say
    how. Before a single row reaches training, you decide whether the drop meets
    the course's data contract, `POKEMON_SCHEMA` — and if not, exactly what to send
    back to them.

    This checkpoint puts Module 1 together: loading, lazy validation with pandera,
    and reporting problems in words another team can act on. Plan about an hour.
    """)
    return


@app.cell(hide_code=True)
def _():
    exercise_header("C1")
    return


@app.cell
def _():
    drop = load_dataset("pokemon_drop_v2")
    drop.head()
    return (drop,)


@app.cell(hide_code=True)
def _():
    _kinds = "\n    ".join(f"| `{kind}` | {meaning} |" for kind, meaning in ISSUE_KINDS.items())
    mo.md(f"""
    Write `validate_drop(df)`. It returns a **report**: a list with one entry per
    problem, each a dict `{{"column": ..., "issue": ...}}`, where `issue` is one of
    the kinds below. Report each (column, issue) pair **once**, however many rows
    show it: a report that repeats a pair fails. For the rule about a whole row
    (a secondary type equal to the primary one), the column is `secondary_type`.
    A drop that meets the contract gets an empty list — the check also runs your
    function on clean data, and a false alarm fails it.

    The check runs your function on this drop and on three more whose problems
    differ in kind and in column; between them they hold every kind below. So a
    validator must know every rule of the schema, not just the ones this drop
    breaks, and a report typed in by hand cannot pass. When you miss something, the
    feedback says how many problems of which kind — finding the column is your
    validator's job.

    | issue | meaning |
    |:---|:---|
    {_kinds}

    A report may also be a DataFrame with `column` and `issue` columns. Do not
    change `df`.
    """)
    return


@app.function
def validate_drop(df: pd.DataFrame) -> list[dict]:
    """Report every way ``df`` breaks the course's data contract.

    Args:
        df: a data drop, in whatever shape the partner team sent it.

    Returns:
        A list of ``{"column": str, "issue": str}`` dicts, one per problem;
        empty when ``df`` meets ``POKEMON_SCHEMA``.
    """
    raise NotImplementedError


@app.cell
def _():
    hints_c1 = hint_button("C1")
    return (hints_c1,)


@app.cell
def _(hints_c1):
    live_check("C1", validate_drop, hints_c1)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## Your report, as the partner team will read it
    """)
    return


@app.cell
def _(drop):
    try:
        _report = pd.DataFrame(validate_drop(drop), columns=["column", "issue"])
    except NotImplementedError:
        _report = mo.md("*Write `validate_drop` above to see your report here.*")
    _report
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## Before you move on

    * Which of these problems would a model have trained on **silently**, had nobody
      validated the drop? Which would have crashed the pipeline instead?
    * Three columns changed name or type. Would you fix them on your side (a
      mapping in the loader) or send the drop back? What decides it?
    * Write the two-line message you would send the partner team.

    Compare with `checkpoints/solutions/01_new_pokemon_data_drop.py`, then tick the
    checkpoint in PROGRESS.md with `uv run pokemon-ml progress --update`. Next:
    Module 2, EDA and features.
    """)
    return


if __name__ == "__main__":
    app.run()

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
# pokemon-ml = { path = "../..", editable = true }
# ///

import marimo

__generated_with = "0.25.2"
app = marimo.App(width="medium")

with app.setup:
    import marimo as mo
    import pandas as pd
    from pandera.errors import SchemaErrors

    from pokemon_ml import POKEMON_SCHEMA, load_dataset
    from pokemon_ml.grading.notebook import exercise_header, live_check

    # pandera's check names, mapped to the contract's issue kinds (prefix match).
    CHECK_TO_ISSUE = {
        "column_in_dataframe": "missing_column",
        "column_in_schema": "unexpected_column",
        "dtype(": "wrong_dtype",
        "not_nullable": "missing_values",
        "field_uniqueness": "duplicate_ids",
        "isin(": "unknown_category",
        "in_range(": "out_of_range",
        "greater_than_or_equal_to(": "out_of_range",
        "secondary_differs_from_primary": "inconsistent_row",
    }


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    # Checkpoint 1 — reference solution

    *Open this after your own attempt* at `checkpoints/01_new_pokemon_data_drop.py`,
    where the brief is. The check grades the report, not the code, so yours may look
    different and still pass.

    The idea: validate lazily so pandera reports *every* failure, then translate each
    pandera check name into the contract's vocabulary with one small table
    (`CHECK_TO_ISSUE`, in the setup cell), and report each (column, issue) once. Because
    the check grades on several drops, the table has an entry for every check in the
    schema — including the table-wide rule `secondary_differs_from_primary` — not just
    the ones the course's drop happens to break. Two subtleties make the difference
    between a good report and a noisy one: schema-level failures name their column in
    `failure_case`, and a column of the wrong type also fails its range checks, which
    is noise once you know the type is wrong.
    """)
    return


@app.cell(hide_code=True)
def _():
    exercise_header("C1")
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
    try:
        POKEMON_SCHEMA.validate(df, lazy=True)  # lazy: collect every failure, not the first
    except SchemaErrors as errors:
        failures = errors.failure_cases
    else:
        return []
    report = set()
    for failure in failures.itertuples():
        check = str(failure.check)
        # Schema-level failures name the column in failure_case, not in column.
        if check in ("column_in_dataframe", "column_in_schema"):
            column = str(failure.failure_case)
        elif check == "secondary_differs_from_primary":
            column = "secondary_type"  # a row-level check: blame the column to fix
        else:
            column = str(failure.column)
        issue = next((kind for prefix, kind in CHECK_TO_ISSUE.items() if check.startswith(prefix)),
                     "wrong_dtype")  # a range check that crashed on text: the type is wrong
        report.add((column, issue))
    # A column of the wrong type fails its range checks too; the type is the one problem.
    wrong_type = {column for column, issue in report if issue == "wrong_dtype"}
    return [
        {"column": column, "issue": issue}
        for column, issue in sorted(report)
        if issue == "wrong_dtype" or column not in wrong_type
    ]


@app.cell
def _():
    live_check("C1", validate_drop)
    return


@app.cell
def _():
    pd.DataFrame(validate_drop(load_dataset("pokemon_drop_v2")))
    return


if __name__ == "__main__":
    app.run()

# /// script
# requires-python = ">=3.11"
# dependencies = [
#     "marimo>=0.25,<0.26",
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

    from pokemon_ml.grading.quiz import explained_answer, load_bank, question_text

    BANK = load_bank("course_1")
    # The answer sheet: every right answer, found at run time by trying each option
    # against the bank's salted hashes (the bank stores no answer in plain text).
    QUIZ_ANSWERS = BANK.answer_key()


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    # Answer sheet — course checkpoint 1 quiz: data and features

    Every question of `checkpoints/course_1_quiz.py` with its answer and the explanation,
    decrypted when this notebook runs. Take the quiz first: read this afterwards, for the
    questions you missed.
    """)
    return


@app.function(hide_code=True)
def sheet_entry(question_id: str) -> mo.Html:
    """One question, its right answer, and why."""
    _, explanation = explained_answer(
        BANK, question_id, QUIZ_ANSWERS[question_id], label="The answer", verdict=False
    )
    return mo.vstack(
        [mo.md(question_text(BANK, question_id)), mo.callout(mo.md(explanation), kind="info")]
    )


@app.cell(hide_code=True, expand_output=True)
def _():
    sheet_entry("q01")
    return


@app.cell(hide_code=True, expand_output=True)
def _():
    sheet_entry("q02")
    return


@app.cell(hide_code=True, expand_output=True)
def _():
    sheet_entry("q03")
    return


@app.cell(hide_code=True, expand_output=True)
def _():
    sheet_entry("q04")
    return


@app.cell(hide_code=True, expand_output=True)
def _():
    sheet_entry("q05")
    return


@app.cell(hide_code=True, expand_output=True)
def _():
    sheet_entry("q06")
    return


@app.cell(hide_code=True, expand_output=True)
def _():
    sheet_entry("q07")
    return


@app.cell(hide_code=True, expand_output=True)
def _():
    sheet_entry("q08")
    return


@app.cell(hide_code=True, expand_output=True)
def _():
    sheet_entry("q09")
    return


@app.cell(hide_code=True, expand_output=True)
def _():
    sheet_entry("q10")
    return


@app.cell(hide_code=True, expand_output=True)
def _():
    sheet_entry("q11")
    return


@app.cell(hide_code=True, expand_output=True)
def _():
    sheet_entry("q12")
    return


@app.cell(hide_code=True, expand_output=True)
def _():
    sheet_entry("q13")
    return


@app.cell(hide_code=True, expand_output=True)
def _():
    sheet_entry("q14")
    return


@app.cell(hide_code=True, expand_output=True)
def _():
    sheet_entry("q15")
    return


@app.cell(hide_code=True, expand_output=True)
def _():
    sheet_entry("q16")
    return


@app.cell(hide_code=True, expand_output=True)
def _():
    sheet_entry("q17")
    return


@app.cell(hide_code=True, expand_output=True)
def _():
    sheet_entry("q18")
    return


@app.cell(hide_code=True, expand_output=True)
def _():
    sheet_entry("q19")
    return


@app.cell(hide_code=True, expand_output=True)
def _():
    sheet_entry("q20")
    return


if __name__ == "__main__":
    app.run()

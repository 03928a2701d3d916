# /// script
# requires-python = ">=3.11"
# dependencies = [
#     "marimo>=0.25,<0.26",
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

    from pokemon_ml.grading.notebook import quiz_form, quiz_question, quiz_score_board
    from pokemon_ml.grading.quiz import (
        answers_file,
        earlier_attempts,
        grading_value,
        load_bank,
        restore,
        start_new_attempt,
    )

    BANK = load_bank("course_1")
    ANSWERS_FILE = answers_file(__file__)  # course_1_quiz.answers.json, beside this notebook
    # What `uv run pytest` and `pokemon-ml progress` grade: the answers saved in that file,
    # read when the notebook is loaded (the cells below keep the file up to date).
    QUIZ_ANSWERS = grading_value(__file__)


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    # Course checkpoint 1 — quiz: data and features

    20 questions on Modules 1 and 2: loading and dtypes, validating a drop, data versioning, pandas or polars, shifts in the data, reading correlations, leakage and pipelines, features with edge cases. They ask what you would
    *do* with a table, a snippet or a score in front of you, not for definitions. Plan
    about 30 minutes, without the notebooks open: the quiz is there to show
    you what to reread.

    **How it works.** Choose an answer (or tick every right option, where a question says
    so) and press **Lock in my answer**. Your *first* answer to each question counts: you
    see at once whether it was right, the right answer and why, so a second try would
    measure nothing. **Pass mark: 16 of 20** — reached as soon as
    16 answers are right, even with questions left.

    **Your answers are yours and are kept.** Each one is saved as you lock it in
    `checkpoints/course_1_quiz.answers.json`, beside this notebook: close it whenever you
    like, and it opens where you left off. `uv run pokemon-ml progress --update` grades
    that file and writes your score into PROGRESS.md. The explanations are stored
    encrypted with the right answer as key, so reading this notebook's source (or the
    package's question bank) does not give the answers away — though anyone who runs code
    can find them, as this notebook does. It is a self-assessment: use it honestly.
    """)
    return


@app.cell(hide_code=True)
def _():
    # Your answers as saved (restored from the file when the notebook opens), and the
    # attempt number: a new attempt bumps it, and every question's form starts empty again.
    _restored, restore_problem = restore(BANK, ANSWERS_FILE)
    get_saved, set_saved = mo.state(_restored)
    get_attempt, set_attempt = mo.state(0)
    return get_attempt, get_saved, restore_problem, set_attempt, set_saved


@app.cell(hide_code=True)
def _(restore_problem):
    mo.callout(
        mo.md(
            f"**Your saved answers could not be restored.** {restore_problem}. Nothing was "
            "changed: fix the file, or start a new attempt at the end of the notebook (it "
            "moves the file aside, keeping it)."
        ),
        kind="danger",
    ) if restore_problem else None
    return


@app.cell(hide_code=True)
def _(get_saved):
    quiz_score_board(BANK, get_saved())
    return


@app.cell(hide_code=True)
def _(get_attempt):
    get_attempt()  # a new attempt rebuilds the form, empty
    q01 = quiz_form(BANK, "q01")
    return (q01,)


@app.cell(hide_code=True, expand_output=True)
def _(get_saved, q01, set_saved):
    quiz_question(BANK, ANSWERS_FILE, "q01", q01, get_saved, set_saved)
    return


@app.cell(hide_code=True)
def _(get_attempt):
    get_attempt()  # a new attempt rebuilds the form, empty
    q02 = quiz_form(BANK, "q02")
    return (q02,)


@app.cell(hide_code=True, expand_output=True)
def _(get_saved, q02, set_saved):
    quiz_question(BANK, ANSWERS_FILE, "q02", q02, get_saved, set_saved)
    return


@app.cell(hide_code=True)
def _(get_attempt):
    get_attempt()  # a new attempt rebuilds the form, empty
    q03 = quiz_form(BANK, "q03")
    return (q03,)


@app.cell(hide_code=True, expand_output=True)
def _(get_saved, q03, set_saved):
    quiz_question(BANK, ANSWERS_FILE, "q03", q03, get_saved, set_saved)
    return


@app.cell(hide_code=True)
def _(get_attempt):
    get_attempt()  # a new attempt rebuilds the form, empty
    q04 = quiz_form(BANK, "q04")
    return (q04,)


@app.cell(hide_code=True, expand_output=True)
def _(get_saved, q04, set_saved):
    quiz_question(BANK, ANSWERS_FILE, "q04", q04, get_saved, set_saved)
    return


@app.cell(hide_code=True)
def _(get_attempt):
    get_attempt()  # a new attempt rebuilds the form, empty
    q05 = quiz_form(BANK, "q05")
    return (q05,)


@app.cell(hide_code=True, expand_output=True)
def _(get_saved, q05, set_saved):
    quiz_question(BANK, ANSWERS_FILE, "q05", q05, get_saved, set_saved)
    return


@app.cell(hide_code=True)
def _(get_attempt):
    get_attempt()  # a new attempt rebuilds the form, empty
    q06 = quiz_form(BANK, "q06")
    return (q06,)


@app.cell(hide_code=True, expand_output=True)
def _(get_saved, q06, set_saved):
    quiz_question(BANK, ANSWERS_FILE, "q06", q06, get_saved, set_saved)
    return


@app.cell(hide_code=True)
def _(get_attempt):
    get_attempt()  # a new attempt rebuilds the form, empty
    q07 = quiz_form(BANK, "q07")
    return (q07,)


@app.cell(hide_code=True, expand_output=True)
def _(get_saved, q07, set_saved):
    quiz_question(BANK, ANSWERS_FILE, "q07", q07, get_saved, set_saved)
    return


@app.cell(hide_code=True)
def _(get_attempt):
    get_attempt()  # a new attempt rebuilds the form, empty
    q08 = quiz_form(BANK, "q08")
    return (q08,)


@app.cell(hide_code=True, expand_output=True)
def _(get_saved, q08, set_saved):
    quiz_question(BANK, ANSWERS_FILE, "q08", q08, get_saved, set_saved)
    return


@app.cell(hide_code=True)
def _(get_attempt):
    get_attempt()  # a new attempt rebuilds the form, empty
    q09 = quiz_form(BANK, "q09")
    return (q09,)


@app.cell(hide_code=True, expand_output=True)
def _(get_saved, q09, set_saved):
    quiz_question(BANK, ANSWERS_FILE, "q09", q09, get_saved, set_saved)
    return


@app.cell(hide_code=True)
def _(get_attempt):
    get_attempt()  # a new attempt rebuilds the form, empty
    q10 = quiz_form(BANK, "q10")
    return (q10,)


@app.cell(hide_code=True, expand_output=True)
def _(get_saved, q10, set_saved):
    quiz_question(BANK, ANSWERS_FILE, "q10", q10, get_saved, set_saved)
    return


@app.cell(hide_code=True)
def _(get_attempt):
    get_attempt()  # a new attempt rebuilds the form, empty
    q11 = quiz_form(BANK, "q11")
    return (q11,)


@app.cell(hide_code=True, expand_output=True)
def _(get_saved, q11, set_saved):
    quiz_question(BANK, ANSWERS_FILE, "q11", q11, get_saved, set_saved)
    return


@app.cell(hide_code=True)
def _(get_attempt):
    get_attempt()  # a new attempt rebuilds the form, empty
    q12 = quiz_form(BANK, "q12")
    return (q12,)


@app.cell(hide_code=True, expand_output=True)
def _(get_saved, q12, set_saved):
    quiz_question(BANK, ANSWERS_FILE, "q12", q12, get_saved, set_saved)
    return


@app.cell(hide_code=True)
def _(get_attempt):
    get_attempt()  # a new attempt rebuilds the form, empty
    q13 = quiz_form(BANK, "q13")
    return (q13,)


@app.cell(hide_code=True, expand_output=True)
def _(get_saved, q13, set_saved):
    quiz_question(BANK, ANSWERS_FILE, "q13", q13, get_saved, set_saved)
    return


@app.cell(hide_code=True)
def _(get_attempt):
    get_attempt()  # a new attempt rebuilds the form, empty
    q14 = quiz_form(BANK, "q14")
    return (q14,)


@app.cell(hide_code=True, expand_output=True)
def _(get_saved, q14, set_saved):
    quiz_question(BANK, ANSWERS_FILE, "q14", q14, get_saved, set_saved)
    return


@app.cell(hide_code=True)
def _(get_attempt):
    get_attempt()  # a new attempt rebuilds the form, empty
    q15 = quiz_form(BANK, "q15")
    return (q15,)


@app.cell(hide_code=True, expand_output=True)
def _(get_saved, q15, set_saved):
    quiz_question(BANK, ANSWERS_FILE, "q15", q15, get_saved, set_saved)
    return


@app.cell(hide_code=True)
def _(get_attempt):
    get_attempt()  # a new attempt rebuilds the form, empty
    q16 = quiz_form(BANK, "q16")
    return (q16,)


@app.cell(hide_code=True, expand_output=True)
def _(get_saved, q16, set_saved):
    quiz_question(BANK, ANSWERS_FILE, "q16", q16, get_saved, set_saved)
    return


@app.cell(hide_code=True)
def _(get_attempt):
    get_attempt()  # a new attempt rebuilds the form, empty
    q17 = quiz_form(BANK, "q17")
    return (q17,)


@app.cell(hide_code=True, expand_output=True)
def _(get_saved, q17, set_saved):
    quiz_question(BANK, ANSWERS_FILE, "q17", q17, get_saved, set_saved)
    return


@app.cell(hide_code=True)
def _(get_attempt):
    get_attempt()  # a new attempt rebuilds the form, empty
    q18 = quiz_form(BANK, "q18")
    return (q18,)


@app.cell(hide_code=True, expand_output=True)
def _(get_saved, q18, set_saved):
    quiz_question(BANK, ANSWERS_FILE, "q18", q18, get_saved, set_saved)
    return


@app.cell(hide_code=True)
def _(get_attempt):
    get_attempt()  # a new attempt rebuilds the form, empty
    q19 = quiz_form(BANK, "q19")
    return (q19,)


@app.cell(hide_code=True, expand_output=True)
def _(get_saved, q19, set_saved):
    quiz_question(BANK, ANSWERS_FILE, "q19", q19, get_saved, set_saved)
    return


@app.cell(hide_code=True)
def _(get_attempt):
    get_attempt()  # a new attempt rebuilds the form, empty
    q20 = quiz_form(BANK, "q20")
    return (q20,)


@app.cell(hide_code=True, expand_output=True)
def _(get_saved, q20, set_saved):
    quiz_question(BANK, ANSWERS_FILE, "q20", q20, get_saved, set_saved)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## Your score
    """)
    return


@app.cell(hide_code=True)
def _(get_saved):
    quiz_score_board(BANK, get_saved())
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## Before you move on

    - Reread the explanation of every question you missed, and of every one you got right
      by guessing: the module named under each question is where its idea lives.
    - Record your score: `uv run pokemon-ml progress --update` writes it into PROGRESS.md.
    - Below the pass mark? Reread, then start a new attempt below. Your answers so far are
      moved to a file of their own (`course_1_quiz.answers.attempt-1.json`, …), never deleted.

    **Next:** the practical exam of course checkpoint 1 (customer churn), then Module 3.
    """)
    return


@app.cell(hide_code=True)
def _(get_attempt):
    get_attempt()  # rebuilt, unticked, after each new attempt
    new_attempt = mo.ui.checkbox(
        label="Yes: move my answers to a file of their own and start again from zero"
    ).form(submit_button_label="Start a new attempt", bordered=True)
    return (new_attempt,)


@app.cell(hide_code=True)
def _(new_attempt, set_attempt, set_saved):
    if new_attempt.value:  # submitted with the box ticked
        start_new_attempt(ANSWERS_FILE)
        set_saved({})
        set_attempt(lambda attempt: attempt + 1)
    _kept = ", ".join(f"`{path.name}`" for path in earlier_attempts(ANSWERS_FILE))
    mo.vstack(
        [
            mo.md("### Start a new attempt"),
            new_attempt,
            mo.md("*Tick the box to confirm, then press the button.*")
            if new_attempt.value is False
            else mo.md(""),
            mo.md(f"Earlier attempts, kept beside this notebook: {_kept}") if _kept else mo.md(""),
        ]
    )
    return


if __name__ == "__main__":
    app.run()

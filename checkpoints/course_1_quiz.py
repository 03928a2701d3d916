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

    from pokemon_ml.grading.quiz import (
        QuizFileError,
        answer_from_form,
        answers_file,
        earlier_attempts,
        explained_answer,
        grading_value,
        load_bank,
        lock_answer,
        question_text,
        restore,
        score,
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


@app.function(hide_code=True)
def score_board(saved: dict) -> mo.Html:
    """Right so far, answered, to go, and the pass mark, as a row of figures."""
    result = score(BANK, saved)
    if result.passed:
        verdict = "passed"
    else:
        verdict = f"{result.pass_mark - result.right} more right to pass"
    return mo.hstack(
        [
            mo.stat(result.right, label="right so far", caption=verdict, bordered=True),
            mo.stat(result.answered, label="answered", bordered=True),
            mo.stat(result.to_go, label="to go", bordered=True),
            mo.stat(f"{result.pass_mark} / {result.out_of}", label="pass mark", bordered=True),
        ],
        widths="equal",
    )


@app.function(hide_code=True)
def answer_form(question_id: str) -> mo.ui.form:
    """The question's options and the button that locks the answer in."""
    question = BANK.question(question_id)
    labels = [
        f"{option.upper()}. {text}" for option, text in zip(question.option_ids, question.options)
    ]
    if question.multi:  # {option id: ticked}
        boxes = {
            option: mo.ui.checkbox(label=label)
            for option, label in zip(question.option_ids, labels)
        }
        choice = mo.md("\n\n".join(f"{{{option}}}" for option in boxes)).batch(**boxes)
    else:  # one option id
        choice = mo.ui.radio(dict(zip(labels, question.option_ids)))
    return choice.form(submit_button_label="Lock in my answer", bordered=False)


@app.function(hide_code=True)
def show_question(question_id: str, form: mo.ui.form, get_saved, set_saved) -> mo.Html:
    """The question, then its form — or, once answered, the locked answer, right or not,
    and why. The first answer submitted is saved at once (the whole file, atomically)."""
    question = BANK.question(question_id)
    saved, problem = get_saved(), None
    answer = answer_from_form(question, form.value)
    if answer is not None and question_id not in saved:
        try:
            saved = lock_answer(ANSWERS_FILE, BANK, question_id, answer)
        except QuizFileError as error:
            problem = str(error)
        else:
            set_saved(saved)
    shown = [mo.md(question_text(BANK, question_id))]
    if question_id in saved:
        right, explanation = explained_answer(BANK, question_id, saved[question_id])
        shown.append(mo.callout(mo.md(explanation), kind="success" if right else "danger"))
    else:
        shown.append(form)
        if problem:
            shown.append(mo.callout(mo.md(f"Not saved: {problem}"), kind="warn"))
        elif form.value is not None:
            shown.append(
                mo.callout(mo.md("Tick at least one option, then lock it in."), kind="warn")
            )
    return mo.vstack(shown)


@app.cell(hide_code=True)
def _(get_saved):
    score_board(get_saved())
    return


@app.cell(hide_code=True)
def _(get_attempt):
    get_attempt()  # a new attempt rebuilds the form, empty
    q01 = answer_form("q01")
    return (q01,)


@app.cell(hide_code=True, expand_output=True)
def _(get_saved, q01, set_saved):
    show_question("q01", q01, get_saved, set_saved)
    return


@app.cell(hide_code=True)
def _(get_attempt):
    get_attempt()  # a new attempt rebuilds the form, empty
    q02 = answer_form("q02")
    return (q02,)


@app.cell(hide_code=True, expand_output=True)
def _(get_saved, q02, set_saved):
    show_question("q02", q02, get_saved, set_saved)
    return


@app.cell(hide_code=True)
def _(get_attempt):
    get_attempt()  # a new attempt rebuilds the form, empty
    q03 = answer_form("q03")
    return (q03,)


@app.cell(hide_code=True, expand_output=True)
def _(get_saved, q03, set_saved):
    show_question("q03", q03, get_saved, set_saved)
    return


@app.cell(hide_code=True)
def _(get_attempt):
    get_attempt()  # a new attempt rebuilds the form, empty
    q04 = answer_form("q04")
    return (q04,)


@app.cell(hide_code=True, expand_output=True)
def _(get_saved, q04, set_saved):
    show_question("q04", q04, get_saved, set_saved)
    return


@app.cell(hide_code=True)
def _(get_attempt):
    get_attempt()  # a new attempt rebuilds the form, empty
    q05 = answer_form("q05")
    return (q05,)


@app.cell(hide_code=True, expand_output=True)
def _(get_saved, q05, set_saved):
    show_question("q05", q05, get_saved, set_saved)
    return


@app.cell(hide_code=True)
def _(get_attempt):
    get_attempt()  # a new attempt rebuilds the form, empty
    q06 = answer_form("q06")
    return (q06,)


@app.cell(hide_code=True, expand_output=True)
def _(get_saved, q06, set_saved):
    show_question("q06", q06, get_saved, set_saved)
    return


@app.cell(hide_code=True)
def _(get_attempt):
    get_attempt()  # a new attempt rebuilds the form, empty
    q07 = answer_form("q07")
    return (q07,)


@app.cell(hide_code=True, expand_output=True)
def _(get_saved, q07, set_saved):
    show_question("q07", q07, get_saved, set_saved)
    return


@app.cell(hide_code=True)
def _(get_attempt):
    get_attempt()  # a new attempt rebuilds the form, empty
    q08 = answer_form("q08")
    return (q08,)


@app.cell(hide_code=True, expand_output=True)
def _(get_saved, q08, set_saved):
    show_question("q08", q08, get_saved, set_saved)
    return


@app.cell(hide_code=True)
def _(get_attempt):
    get_attempt()  # a new attempt rebuilds the form, empty
    q09 = answer_form("q09")
    return (q09,)


@app.cell(hide_code=True, expand_output=True)
def _(get_saved, q09, set_saved):
    show_question("q09", q09, get_saved, set_saved)
    return


@app.cell(hide_code=True)
def _(get_attempt):
    get_attempt()  # a new attempt rebuilds the form, empty
    q10 = answer_form("q10")
    return (q10,)


@app.cell(hide_code=True, expand_output=True)
def _(get_saved, q10, set_saved):
    show_question("q10", q10, get_saved, set_saved)
    return


@app.cell(hide_code=True)
def _(get_attempt):
    get_attempt()  # a new attempt rebuilds the form, empty
    q11 = answer_form("q11")
    return (q11,)


@app.cell(hide_code=True, expand_output=True)
def _(get_saved, q11, set_saved):
    show_question("q11", q11, get_saved, set_saved)
    return


@app.cell(hide_code=True)
def _(get_attempt):
    get_attempt()  # a new attempt rebuilds the form, empty
    q12 = answer_form("q12")
    return (q12,)


@app.cell(hide_code=True, expand_output=True)
def _(get_saved, q12, set_saved):
    show_question("q12", q12, get_saved, set_saved)
    return


@app.cell(hide_code=True)
def _(get_attempt):
    get_attempt()  # a new attempt rebuilds the form, empty
    q13 = answer_form("q13")
    return (q13,)


@app.cell(hide_code=True, expand_output=True)
def _(get_saved, q13, set_saved):
    show_question("q13", q13, get_saved, set_saved)
    return


@app.cell(hide_code=True)
def _(get_attempt):
    get_attempt()  # a new attempt rebuilds the form, empty
    q14 = answer_form("q14")
    return (q14,)


@app.cell(hide_code=True, expand_output=True)
def _(get_saved, q14, set_saved):
    show_question("q14", q14, get_saved, set_saved)
    return


@app.cell(hide_code=True)
def _(get_attempt):
    get_attempt()  # a new attempt rebuilds the form, empty
    q15 = answer_form("q15")
    return (q15,)


@app.cell(hide_code=True, expand_output=True)
def _(get_saved, q15, set_saved):
    show_question("q15", q15, get_saved, set_saved)
    return


@app.cell(hide_code=True)
def _(get_attempt):
    get_attempt()  # a new attempt rebuilds the form, empty
    q16 = answer_form("q16")
    return (q16,)


@app.cell(hide_code=True, expand_output=True)
def _(get_saved, q16, set_saved):
    show_question("q16", q16, get_saved, set_saved)
    return


@app.cell(hide_code=True)
def _(get_attempt):
    get_attempt()  # a new attempt rebuilds the form, empty
    q17 = answer_form("q17")
    return (q17,)


@app.cell(hide_code=True, expand_output=True)
def _(get_saved, q17, set_saved):
    show_question("q17", q17, get_saved, set_saved)
    return


@app.cell(hide_code=True)
def _(get_attempt):
    get_attempt()  # a new attempt rebuilds the form, empty
    q18 = answer_form("q18")
    return (q18,)


@app.cell(hide_code=True, expand_output=True)
def _(get_saved, q18, set_saved):
    show_question("q18", q18, get_saved, set_saved)
    return


@app.cell(hide_code=True)
def _(get_attempt):
    get_attempt()  # a new attempt rebuilds the form, empty
    q19 = answer_form("q19")
    return (q19,)


@app.cell(hide_code=True, expand_output=True)
def _(get_saved, q19, set_saved):
    show_question("q19", q19, get_saved, set_saved)
    return


@app.cell(hide_code=True)
def _(get_attempt):
    get_attempt()  # a new attempt rebuilds the form, empty
    q20 = answer_form("q20")
    return (q20,)


@app.cell(hide_code=True, expand_output=True)
def _(get_saved, q20, set_saved):
    show_question("q20", q20, get_saved, set_saved)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## Your score
    """)
    return


@app.cell(hide_code=True)
def _(get_saved):
    score_board(get_saved())
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

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
    import pandera.pandas as pa  # noqa: F401 - for your schemas
    from pandera.errors import SchemaErrors  # noqa: F401 - what lazy validation raises

    from pokemon_ml import ISSUE_KINDS, load_dataset
    from pokemon_ml.data.churn import CHURN_ISSUE_KINDS, CONTRACT
    from pokemon_ml.grading.notebook import exercise_header, hint_button, live_check

    SNAPSHOT = pd.Timestamp("2026-06-30")  # the moment the three sources were exported


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    # Course checkpoint 1 — practical exam: customer churn

    New data, the skills of Modules 1 and 2. A software company sells seats of its
    product to businesses. About one account in seven cancels each quarter, and the
    retention team wants to know **who leaves, and what to do about it**. The data
    team exports three sources every week: `churn_accounts`, `churn_usage` and
    `churn_tickets`. They come from three systems, and they are messy.

    You hand in two things, graded together as item E1:

    1. **`validate_churn(accounts, usage, tickets)`** — the gate every weekly export
       passes through: a report of every way the sources break the contract below.
    2. **`CHURN_INSIGHTS`** — at least three insights for the retention team, each a
       claim the grader can check against the data and against what the generator
       planted, each with an action.

    Plan about two hours. Nothing here is new: loading, pandera, joins, group rates.
    What is new is doing it without a worked example to follow.
    """)
    return


@app.cell(hide_code=True)
def _():
    exercise_header("E1")
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## The sources

    One row per account; one row per account and month of usage (July 2025 to June
    2026, from the month the account signed up); one row per support ticket. They join
    on `account_id`. `churned` says whether the account cancelled in the 90 days after
    the snapshot, 2026-06-30.
    """)
    return


@app.cell
def _():
    accounts = load_dataset("churn_accounts")
    usage = load_dataset("churn_usage")
    tickets = load_dataset("churn_tickets")
    accounts.head()
    return accounts, tickets, usage


@app.cell
def _(usage):
    usage.head()
    return


@app.cell
def _(tickets):
    tickets.head()
    return


@app.cell(hide_code=True)
def _():
    _rows = "\n    ".join(  # the indent of the text below
        f"| {table} | `{column}` | {kind} | {rule} | {'yes' if nullable else 'no'} |"
        for table, columns in CONTRACT.items()
        for column, (kind, rule, nullable) in columns.items()
    )
    _kinds = "\n    ".join(
        f"| `{kind}` | {meaning} |"
        for kind, meaning in {**ISSUE_KINDS, **CHURN_ISSUE_KINDS}.items()
    )
    mo.md(f"""
    ## Part 1 — the contract, and your validator

    Each table has exactly these columns (no others), of these types, within these
    rules. Bounds are **inclusive**: a value exactly on a bound is valid. A datetime
    may have any unit (`datetime64[us]`, `[ns]`…).

    | table | column | type | rule | may be empty |
    |:---|:---|:---|:---|:---|
    {_rows}

    Write `validate_churn(accounts, usage, tickets)`: three pandas DataFrames in,
    a **report** out — a list with one entry per problem, each a dict
    `{{"table": ..., "column": ..., "issue": ...}}`, where `issue` is one of:

    | issue | meaning |
    |:---|:---|
    {_kinds}

    How to report:

    * each (table, column, issue) **once**, however many rows show it;
    * a column of the wrong type is `wrong_dtype` only (not also out of range);
    * a missing or unexpected column is named by its own name;
    * a repeated key: `account_id` in accounts, `ticket_id` in tickets, and for usage,
      whose key is the pair (account_id, month), one entry under `account_id`;
    * a ticket resolved before it was opened is `inconsistent_row` under `resolved_at`
      (skip the rule when either column is missing or not a datetime);
    * rows whose `account_id` is not an account of `accounts` are `orphan_rows` under
      `account_id`, in `usage` or `tickets`.

    Sources that meet the contract get an empty list. The check runs your function on
    clean sources (a report there is a false alarm), on the course's sources, and on
    three more exports whose problems differ in kind and in table — between them every
    kind above. When you miss something, it tells you how many of which kind in which
    table; finding the column is your validator's job. Do not change the inputs.

    Use pandera: one `DataFrameSchema` per table, validated with `lazy=True`. Build
    the schemas inside your function (or in the setup cell), so the grader can run it
    on its own.
    """)
    return


@app.function
def validate_churn(
    accounts: pd.DataFrame, usage: pd.DataFrame, tickets: pd.DataFrame
) -> list[dict]:
    """Report every way the three churn sources break the contract.

    Args:
        accounts: one row per account, as exported.
        usage: one row per account and month.
        tickets: one row per support ticket.

    Returns:
        A list of ``{"table": str, "column": str, "issue": str}`` dicts, one per
        problem; empty when all three sources meet the contract.
    """
    raise NotImplementedError


@app.cell
def _(accounts, tickets, usage):
    try:
        _report = pd.DataFrame(
            validate_churn(accounts, usage, tickets), columns=["table", "column", "issue"]
        )
    except NotImplementedError:
        _report = mo.md("*Write `validate_churn` above to see its report on the course's sources.*")
    _report
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## Part 2 — what drives churn

    Explore, then state what you found as **claims** the grader can check. It checks
    each claim twice: against what the generator planted (is the effect real, and in
    that direction?) and against the course's data (is your number what the data
    says, within ±0.02?). A claim the data does not support fails, with why.

    **Clean first**, exactly like this, so your numbers and the grader's agree:

    1. accounts: keep the first row of each repeated `account_id`; spell categories
       the contract's way (strip spaces, lower-case, spaces and hyphens become `_`:
       `"Mid-Market"` is `mid_market`); read `signed_up` as a date;
    2. usage and tickets: drop rows whose `account_id` is not an account; keep the
       first of repeated (account_id, month) usage rows and of repeated `ticket_id`s;
    3. an account without a value (a region left empty) is left out of that column's
       rates; rates are over accounts, one row each.

    **Features** (one value per account, from the cleaned sources; snapshot 2026-06-30):

    | feature | definition |
    |:---|:---|
    | `tenure_days` | days from `signed_up` to the snapshot |
    | `tickets_last_30d` | tickets opened in the 30 days up to the snapshot (after 2026-05-31 00:00, up to 2026-06-30 00:00); 0 if none |
    | `avg_satisfaction` | mean `satisfaction` of the account's rated tickets; none if no rating |
    | `logins_trend` | mean monthly logins over 2026-04 to 2026-06, divided by the mean over 2026-01 to 2026-03, minus 1; none if either window has no rows or the earlier mean is 0 |
    | `avg_features_used` | mean `features_used` over the account's usage rows |

    **The claim language** — `CHURN_INSIGHTS` is a list of dicts, each one of:

    | claim | fields | means |
    |:---|:---|:---|
    | `highest_rate` | `column`, `value`, `churn_rate` | of the groups of `column` (segment, plan, region, payment_method), `value` churns most, at `churn_rate` |
    | `lowest_rate` | `column`, `value`, `churn_rate` | … churns least |
    | `raises_churn` | `feature`, `rate_high`, `rate_low` | accounts whose feature is **above its median** churn more (`rate_high`) than the others (`rate_low`); accounts without a value left out |
    | `lowers_churn` | `feature`, `rate_high`, `rate_low` | … churn less |
    | `no_effect` | `column` or `feature` | it does not move churn |

    Every claim also has an `"action"`: what the business should do about it, in a
    sentence (at least six words; "investigate further" is not an action). Rates are
    fractions (0.12, not 12). You need **at least three effect claims about three
    different things** (claims about the same column or feature count once); a
    `no_effect` claim is welcome — knowing what not to spend money on is an insight —
    but does not count toward the three. Every claim you make must hold.

    For example — the shape of a claim; the values and numbers are made up, not facts:

    ```python
    {"claim": "highest_rate", "column": "plan", "value": "pro", "churn_rate": 0.31,
     "action": "Offer pro accounts a guided onboarding call in their first month."}
    {"claim": "raises_churn", "feature": "tenure_days", "rate_high": 0.2, "rate_low": 0.1,
     "action": "..."}
    ```
    """)
    return


@app.cell
def _(accounts):
    # A first look, before cleaning: churn rate by segment. What is wrong with these groups?
    accounts.groupby("segment")["churned"].agg(["mean", "size"])
    return


@app.cell
def _(accounts, tickets):
    # A join to start from (before cleaning): tickets per account. Make it yours: clean
    # first, then build one row per account with every feature, and compare churn rates.
    _per_account = tickets.groupby("account_id").size().rename("n_tickets")
    accounts.join(_per_account, on="account_id").fillna({"n_tickets": 0}).head()
    return


@app.cell
def churn_insights():
    # Your claims, as literals (a list of dicts; see the claim language above).
    CHURN_INSIGHTS = []
    return (CHURN_INSIGHTS,)


@app.cell
def _():
    hints_e1 = hint_button("E1")
    return (hints_e1,)


@app.cell
def _(CHURN_INSIGHTS, hints_e1):
    live_check("E1", validate_churn, hints_e1, CHURN_INSIGHTS=CHURN_INSIGHTS)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## Before you move on

    * Which of the planted problems would have changed your insights had you not
      caught them? Which would only have crashed a pipeline?
    * Some columns show small gaps between their groups that mean nothing. How large
      a gap would chance alone give, with some 750 accounts per group at a 14% rate?
    * Your validator rejects a weekly export. Write the two-line message to the data
      team — and say which problems you would fix on your side instead.
    * A claim is not a cause. Which of your actions would you test with an experiment
      before rolling it out to every account?

    Compare with `checkpoints/solutions/course_1_churn_exam.py`, then record it with
    `uv run pokemon-ml progress --update`. Next: Module 3, model training.
    """)
    return


if __name__ == "__main__":
    app.run()

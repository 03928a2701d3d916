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
    import pandera.pandas as pa
    from pandera.errors import SchemaErrors

    from pokemon_ml import load_dataset
    from pokemon_ml.grading.notebook import exercise_header, live_check

    SNAPSHOT = pd.Timestamp("2026-06-30")  # the moment the three sources were exported
    FIRST_DAY = pd.Timestamp("2015-01-01")  # the product launched
    SEGMENTS = ["smb", "mid_market", "enterprise"]
    PLANS = ["basic", "pro", "premium"]
    REGIONS = ["north", "south", "east", "west"]
    PAYMENT_METHODS = ["card", "direct_debit", "manual_transfer"]

    # The contract, one schema per table. A datetime of any unit passes "datetime64[ns]".
    ACCOUNTS_SCHEMA = pa.DataFrameSchema(
        {
            "account_id": pa.Column(int, pa.Check.ge(1), unique=True),
            "signed_up": pa.Column("datetime64[ns]", pa.Check.in_range(FIRST_DAY, SNAPSHOT)),
            "segment": pa.Column(str, pa.Check.isin(SEGMENTS)),
            "plan": pa.Column(str, pa.Check.isin(PLANS)),
            "region": pa.Column(str, pa.Check.isin(REGIONS)),
            "seats": pa.Column(int, pa.Check.in_range(1, 1_000)),
            "monthly_fee": pa.Column(float, pa.Check.in_range(0, 50_000)),  # euros a month
            "payment_method": pa.Column(str, pa.Check.isin(PAYMENT_METHODS)),
            "churned": pa.Column(bool),
        },
        strict=True,
        name="accounts",
    )
    USAGE_SCHEMA = pa.DataFrameSchema(
        {
            "account_id": pa.Column(int),
            "month": pa.Column(
                "datetime64[ns]",
                pa.Check.in_range(pd.Timestamp("2025-07-01"), pd.Timestamp("2026-06-01")),
            ),
            "logins": pa.Column(int, pa.Check.ge(0)),
            "active_minutes": pa.Column(float, pa.Check.ge(0)),
            "features_used": pa.Column(int, pa.Check.in_range(0, 25)),
        },
        unique=["account_id", "month"],  # the key is the pair
        strict=True,
        name="usage",
    )
    TICKETS_SCHEMA = pa.DataFrameSchema(
        {
            "ticket_id": pa.Column(int, pa.Check.ge(1), unique=True),
            "account_id": pa.Column(int),
            "opened_at": pa.Column("datetime64[ns]", pa.Check.in_range(FIRST_DAY, SNAPSHOT)),
            "category": pa.Column(
                str, pa.Check.isin(["billing", "technical", "account", "feature_request"])
            ),
            "priority": pa.Column(str, pa.Check.isin(["low", "normal", "high", "urgent"])),
            "resolved_at": pa.Column("datetime64[ns]", nullable=True),
            "satisfaction": pa.Column(float, pa.Check.in_range(1, 5), nullable=True),
        },
        strict=True,
        name="tickets",
    )
    SCHEMAS = {"accounts": ACCOUNTS_SCHEMA, "usage": USAGE_SCHEMA, "tickets": TICKETS_SCHEMA}
    # pandera's check names, mapped to the contract's issue kinds (prefix match).
    CHECK_TO_ISSUE = {
        "column_in_dataframe": "missing_column",
        "column_in_schema": "unexpected_column",
        "dtype(": "wrong_dtype",
        "not_nullable": "missing_values",
        "field_uniqueness": "duplicate_ids",
        "multiple_fields_uniqueness": "duplicate_ids",
        "isin(": "unknown_category",
        "in_range(": "out_of_range",
        "greater_than_or_equal_to(": "out_of_range",
    }


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    # Course checkpoint 1 — reference solution

    *Open this after your own attempt* at `checkpoints/course_1_churn_exam.py`, where
    the brief is. The check grades the report and the claims, not the code: yours may
    look different and still pass.

    **Part 1.** One pandera schema per table (in the setup cell), validated lazily so
    every failure is reported, then each pandera check name translated into the
    contract's vocabulary with one table, `CHECK_TO_ISSUE`. Two rules pandera cannot
    express on one table are written by hand: orphans (a cross-table rule) and a
    ticket resolved before it was opened (only when both columns are datetimes; a
    retyped or missing column is already reported, and the rule cannot be read).

    **Part 2.** Clean as the brief says, build one row per account with the features,
    and compare churn rates. Claim only what stands well clear of noise.
    """)
    return


@app.cell(hide_code=True)
def _():
    exercise_header("E1")
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
    sources = {"accounts": accounts, "usage": usage, "tickets": tickets}
    report = set()
    for table, schema in SCHEMAS.items():
        try:
            schema.validate(sources[table], lazy=True)  # lazy: every failure, not the first
        except SchemaErrors as errors:
            for failure in errors.failure_cases.itertuples():
                check = str(failure.check)
                # Schema-level failures name the column in failure_case, not in column.
                if check in ("column_in_dataframe", "column_in_schema"):
                    column = str(failure.failure_case)
                elif check == "multiple_fields_uniqueness":
                    column = "account_id"  # the usage key (account_id, month), reported once
                else:
                    column = str(failure.column)
                issue = next(
                    (kind for prefix, kind in CHECK_TO_ISSUE.items() if check.startswith(prefix)),
                    "wrong_dtype",  # a range check that crashed on text: the type is wrong
                )
                report.add((table, column, issue))
    # Across tables: every usage and ticket row belongs to an account.
    known = set(accounts["account_id"]) if "account_id" in accounts else set()
    for table in ("usage", "tickets"):
        if not sources[table]["account_id"].isin(known).all():
            report.add((table, "account_id", "orphan_rows"))
    # Within a row: never resolved before opened (only readable when both are datetimes).
    times = ("opened_at", "resolved_at")
    if set(times) <= set(tickets.columns) and all(
        pd.api.types.is_datetime64_any_dtype(tickets[column]) for column in times
    ):
        if (tickets["resolved_at"] < tickets["opened_at"]).any():  # NaT compares False
            report.add(("tickets", "resolved_at", "inconsistent_row"))
    # A column of the wrong type fails its range checks too; the type is the one problem.
    retyped = {(table, column) for table, column, issue in report if issue == "wrong_dtype"}
    return [
        {"table": table, "column": column, "issue": issue}
        for table, column, issue in sorted(report)
        if issue == "wrong_dtype" or (table, column) not in retyped
    ]


@app.cell
def _():
    accounts = load_dataset("churn_accounts")
    usage = load_dataset("churn_usage")
    tickets = load_dataset("churn_tickets")
    pd.DataFrame(validate_churn(accounts, usage, tickets))
    return accounts, tickets, usage


@app.function
def account_table(
    accounts: pd.DataFrame, usage: pd.DataFrame, tickets: pd.DataFrame
) -> pd.DataFrame:
    """One row per account, cleaned as the brief says, with ``churned`` and the features."""
    accounts = accounts.drop_duplicates("account_id").copy()
    for column, known in {
        "segment": SEGMENTS,
        "plan": PLANS,
        "region": REGIONS,
        "payment_method": PAYMENT_METHODS,
    }.items():
        spelled = accounts[column].str.strip().str.lower().str.replace(r"[\s\-]+", "_", regex=True)
        accounts[column] = spelled.where(spelled.isin(known))
    accounts["tenure_days"] = (SNAPSHOT - pd.to_datetime(accounts["signed_up"])).dt.days
    usage = usage[usage["account_id"].isin(accounts["account_id"])]
    usage = usage.drop_duplicates(["account_id", "month"])
    tickets = tickets[tickets["account_id"].isin(accounts["account_id"])]
    tickets = tickets.drop_duplicates("ticket_id")
    table = accounts.set_index("account_id")

    recent = tickets[tickets["opened_at"].between(SNAPSHOT - pd.Timedelta(days=30), SNAPSHOT,
                                                  inclusive="right")]  # fmt: skip
    table["tickets_last_30d"] = recent.groupby("account_id").size()
    table["tickets_last_30d"] = table["tickets_last_30d"].fillna(0)
    table["avg_satisfaction"] = tickets.groupby("account_id")["satisfaction"].mean()

    quarter = usage["month"].dt.to_period("Q").astype(str)
    logins = usage.groupby(["account_id", quarter])["logins"].mean().unstack()
    earlier = logins["2026Q1"].where(logins["2026Q1"] > 0)
    table["logins_trend"] = logins["2026Q2"] / earlier - 1
    table["avg_features_used"] = usage.groupby("account_id")["features_used"].mean()
    return table


@app.cell
def _(accounts, tickets, usage):
    table = account_table(accounts, usage, tickets)
    f"{len(table):,} accounts, churn rate {table['churned'].mean():.1%}"
    return (table,)


@app.cell
def _(table):
    # Churn rate by group: the gaps in segment, plan and payment dwarf region's.
    mo.hstack(
        [
            table.groupby(column)["churned"].agg(["mean", "size"]).round(3)
            for column in ("segment", "plan", "payment_method", "region")
        ]
    )
    return


@app.cell
def _(table):
    # Above the median against the rest, for every feature.
    _rows = {}
    for _feature in (
        "tenure_days",
        "tickets_last_30d",
        "avg_satisfaction",
        "logins_trend",
        "avg_features_used",
    ):
        _defined = table.dropna(subset=[_feature])
        _high = _defined[_feature] > _defined[_feature].median()
        _rows[_feature] = {
            "rate_high": _defined.loc[_high, "churned"].mean(),
            "rate_low": _defined.loc[~_high, "churned"].mean(),
            "accounts": len(_defined),
        }
    pd.DataFrame(_rows).T.round(3)
    return


@app.cell
def churn_insights():
    CHURN_INSIGHTS = [
        {
            "claim": "highest_rate",
            "column": "segment",
            "value": "smb",
            "churn_rate": 0.212,
            "action": "Give every new small-business account an onboarding call and a "
            "check-in at day 60, run by customer success.",
        },
        {
            "claim": "highest_rate",
            "column": "payment_method",
            "value": "manual_transfer",
            "churn_rate": 0.232,
            "action": "Offer accounts paying by manual transfer a month free to switch to "
            "direct debit at their next invoice.",
        },
        {
            "claim": "raises_churn",
            "feature": "tickets_last_30d",
            "rate_high": 0.213,
            "rate_low": 0.127,
            "action": "Route accounts with a ticket in the last 30 days to a senior agent "
            "and have their account manager call after it closes.",
        },
        {
            "claim": "lowers_churn",
            "feature": "logins_trend",
            "rate_high": 0.103,
            "rate_low": 0.164,
            "action": "Alert the account manager when an account's monthly logins fall "
            "for a quarter, and offer its team a refresher training.",
        },
        {
            "claim": "no_effect",
            "column": "region",
            "action": "Stop planning retention budgets by region and spend them on the "
            "segments and payment methods that churn.",
        },
    ]
    return (CHURN_INSIGHTS,)


@app.cell
def _(CHURN_INSIGHTS):
    live_check("E1", validate_churn, CHURN_INSIGHTS=CHURN_INSIGHTS)
    return


if __name__ == "__main__":
    app.run()

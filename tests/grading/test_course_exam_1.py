"""Course checkpoint 1's practical exam (E1, customer churn), proven three ways.

The reference passes and the pristine notebook is not attempted (``test_every_check``);
here, plausible wrong validators and wrong insight sets fail with feedback that names
the mistake, and correct answers written in other styles (pure pandas, polars, a
pandera ``DataFrameModel``; another set of true claims) pass. Each validator runs
through the real grader, in its worker; insight sets are plain data, so their wrong
versions are checked by the grader's own claim checker directly.
"""

import numpy as np
import pandas as pd
import pandera.pandas as pa
import polars as pl
import pytest
from pandera.errors import SchemaErrors
from pandera.typing import Series

from pokemon_ml.data.churn import make_churn
from pokemon_ml.grading.calling import WrongAnswer
from pokemon_ml.grading.checks.e1_churn import GRADED_DROPS, graded_drops
from pokemon_ml.grading.checks.e1_accounts import course_accounts
from pokemon_ml.grading.checks.e1_insights import check_insights
from tests.grading.verdicts import assert_fails, assert_passes

SNAP = pd.Timestamp("2026-06-30")
FIRST = pd.Timestamp("2015-01-01")
SEGMENTS = ("smb", "mid_market", "enterprise")
PLANS = ("basic", "pro", "premium")
REGIONS = ("north", "south", "east", "west")
PAYMENTS = ("card", "direct_debit", "manual_transfer")
CATEGORIES = ("billing", "technical", "account", "feature_request")
PRIORITIES = ("low", "normal", "high", "urgent")
# (type, low, high, allowed values, may be empty), written from the brief's table.
SPEC = {
    "accounts": {
        "account_id": ("int", 1, None, None, False),
        "signed_up": ("datetime", FIRST, SNAP, None, False),
        "segment": ("str", None, None, SEGMENTS, False),
        "plan": ("str", None, None, PLANS, False),
        "region": ("str", None, None, REGIONS, False),
        "seats": ("int", 1, 1_000, None, False),
        "monthly_fee": ("float", 0, 50_000, None, False),
        "payment_method": ("str", None, None, PAYMENTS, False),
        "churned": ("bool", None, None, None, False),
    },
    "usage": {
        "account_id": ("int", None, None, None, False),
        "month": ("datetime", pd.Timestamp("2025-07-01"), pd.Timestamp("2026-06-01"), None, False),
        "logins": ("int", 0, None, None, False),
        "active_minutes": ("float", 0, None, None, False),
        "features_used": ("int", 0, 25, None, False),
    },
    "tickets": {
        "ticket_id": ("int", 1, None, None, False),
        "account_id": ("int", None, None, None, False),
        "opened_at": ("datetime", FIRST, SNAP, None, False),
        "category": ("str", None, None, CATEGORIES, False),
        "priority": ("str", None, None, PRIORITIES, False),
        "resolved_at": ("datetime", None, None, None, True),
        "satisfaction": ("float", 1, 5, None, True),
    },
}
KEYS = {"accounts": ["account_id"], "usage": ["account_id", "month"], "tickets": ["ticket_id"]}
GOOD_CLAIMS = [
    {
        "claim": "highest_rate",
        "column": "segment",
        "value": "smb",
        "churn_rate": 0.212,
        "action": "Give new small-business accounts an onboarding call in their first month.",
    },
    {
        "claim": "raises_churn",
        "feature": "tickets_last_30d",
        "rate_high": 0.213,
        "rate_low": 0.127,
        "action": "Have the account manager call every account after a recent ticket closes.",
    },
    {
        "claim": "lowers_churn",
        "feature": "logins_trend",
        "rate_high": 0.103,
        "rate_low": 0.164,
        "action": "Alert account managers when logins fall for a quarter, and offer training.",
    },
]


# ---------------------------------------------------------------- correct validators
def _is_type(series: pd.Series, kind: str) -> bool:
    api = pd.api.types
    return {
        "int": api.is_integer_dtype(series) and not api.is_bool_dtype(series),
        "float": api.is_float_dtype(series),
        "str": api.is_string_dtype(series),
        "bool": api.is_bool_dtype(series),
        "datetime": api.is_datetime64_any_dtype(series),
    }[kind]


def _pandas_report(accounts, usage, tickets, *, orphans=True, low_open=False, per_row=False,
                   swap_orphans=False, range_on_retyped=False, key_column=0, rules=None):  # fmt: skip
    """A validator in plain pandas; the keyword arguments plant one mistake each."""
    frames = {"accounts": accounts, "usage": usage, "tickets": tickets}
    report = []
    for table, spec in SPEC.items():
        df = frames[table]
        report += [(table, c, "missing_column") for c in spec if c not in df]
        report += [(table, c, "unexpected_column") for c in df.columns if c not in spec]
        for column, (kind, low, high, allowed, nullable) in spec.items():
            if column not in df or (rules is not None and (table, column) not in rules):
                continue
            series = df[column]
            if not _is_type(series, kind):
                report.append((table, column, "wrong_dtype"))
                if not range_on_retyped:
                    continue
            if not nullable and series.isna().any():
                report.append((table, column, "missing_values"))
            values = series.dropna()
            try:
                below = low is not None and ((values <= low) if low_open else (values < low))
                above = high is not None and (values > high)
                bad = np.asarray(below | above) if low is not None or high is not None else []
            except TypeError:  # a range compared with text
                bad = np.ones(len(values), bool)
            if np.any(bad):
                report += [(table, column, "out_of_range")] * (int(np.sum(bad)) if per_row else 1)
            if allowed and (~values.isin(allowed)).any():
                report.append((table, column, "unknown_category"))
        key = KEYS[table]
        if set(key) <= set(df.columns) and df.duplicated(key).any():
            report.append((table, key[key_column], "duplicate_ids"))
    known = set(accounts["account_id"])
    for table in ("usage", "tickets"):
        if orphans and not frames[table]["account_id"].isin(known).all():
            other = {"usage": "tickets", "tickets": "usage"}[table]
            report.append((other if swap_orphans else table, "account_id", "orphan_rows"))
    times = ["opened_at", "resolved_at"]
    if set(times) <= set(tickets.columns) and all(_is_type(tickets[c], "datetime") for c in times):
        if (tickets["resolved_at"] < tickets["opened_at"]).any():
            report.append(("tickets", "resolved_at", "inconsistent_row"))
    if not per_row:
        report = list(dict.fromkeys(report))
    return [{"table": t, "column": c, "issue": i} for t, c, i in report]


def pandas_validator(accounts, usage, tickets):
    return _pandas_report(accounts, usage, tickets)


def polars_validator(accounts, usage, tickets):
    """The same contract, checked with polars expressions, returned as a DataFrame."""
    types = {
        "int": lambda d: d.is_integer(),
        "float": lambda d: d.is_float(),
        "str": lambda d: d == pl.String,
        "bool": lambda d: d == pl.Boolean,
        "datetime": lambda d: isinstance(d, pl.Datetime),
    }
    frames = {n: pl.from_pandas(f) for n, f in zip(SPEC, (accounts, usage, tickets))}
    rows = []
    for table, spec in SPEC.items():
        df = frames[table]
        rows += [(table, c, "missing_column") for c in spec if c not in df.columns]
        rows += [(table, c, "unexpected_column") for c in df.columns if c not in spec]
        for column, (kind, low, high, allowed, nullable) in spec.items():
            if column not in df.columns:
                continue
            if not types[kind](df.schema[column]):
                rows.append((table, column, "wrong_dtype"))
                continue
            col = pl.col(column)
            if not nullable and df[column].null_count():
                rows.append((table, column, "missing_values"))
            out = pl.lit(False)
            if low is not None:
                out = out | (col < low)
            if high is not None:
                out = out | (col > high)
            if df.select(out.fill_null(False).any()).item():
                rows.append((table, column, "out_of_range"))
            if allowed and df.select((~col.is_in(allowed)).fill_null(False).any()).item():
                rows.append((table, column, "unknown_category"))
        key = KEYS[table]
        if set(key) <= set(df.columns) and df.select(pl.struct(key).is_duplicated().any()).item():
            rows.append((table, key[0], "duplicate_ids"))
    ids = frames["accounts"]["account_id"]
    for table in ("usage", "tickets"):
        if not frames[table].select(pl.col("account_id").is_in(ids).all()).item():
            rows.append((table, "account_id", "orphan_rows"))
    t = frames["tickets"]
    if {"opened_at", "resolved_at"} <= set(t.columns) and all(
        isinstance(t.schema[c], pl.Datetime) for c in ("opened_at", "resolved_at")
    ):
        if t.select((pl.col("resolved_at") < pl.col("opened_at")).fill_null(False).any()).item():
            rows.append(("tickets", "resolved_at", "inconsistent_row"))
    return pd.DataFrame(sorted(set(rows)), columns=["table", "column", "issue"])


class AccountsModel(pa.DataFrameModel):
    account_id: Series[int] = pa.Field(ge=1, unique=True)
    signed_up: Series[pa.DateTime] = pa.Field(ge=FIRST, le=SNAP)
    segment: Series[str] = pa.Field(isin=SEGMENTS)
    plan: Series[str] = pa.Field(isin=PLANS)
    region: Series[str] = pa.Field(isin=REGIONS)
    seats: Series[int] = pa.Field(ge=1, le=1_000)
    monthly_fee: Series[float] = pa.Field(ge=0, le=50_000)
    payment_method: Series[str] = pa.Field(isin=PAYMENTS)
    churned: Series[bool]

    class Config:
        strict = True


class UsageModel(pa.DataFrameModel):
    account_id: Series[int]
    month: Series[pa.DateTime] = pa.Field(
        ge=pd.Timestamp("2025-07-01"), le=pd.Timestamp("2026-06-01")
    )
    logins: Series[int] = pa.Field(ge=0)
    active_minutes: Series[float] = pa.Field(ge=0)
    features_used: Series[int] = pa.Field(ge=0, le=25)

    class Config:
        strict = True
        unique = ["account_id", "month"]


class TicketsModel(pa.DataFrameModel):
    ticket_id: Series[int] = pa.Field(ge=1, unique=True)
    account_id: Series[int]
    opened_at: Series[pa.DateTime] = pa.Field(ge=FIRST, le=SNAP)
    category: Series[str] = pa.Field(isin=CATEGORIES)
    priority: Series[str] = pa.Field(isin=PRIORITIES)
    resolved_at: Series[pa.DateTime] = pa.Field(nullable=True)
    satisfaction: Series[float] = pa.Field(ge=1, le=5, nullable=True)

    class Config:
        strict = True


def pandera_model_validator(accounts, usage, tickets):
    """Class-based pandera models; failures grouped by check with pandas."""
    kinds = {
        "column_in_dataframe": "missing_column",
        "column_in_schema": "unexpected_column",
        "not_nullable": "missing_values",
        "field_uniqueness": "duplicate_ids",
        "multiple_fields_uniqueness": "duplicate_ids",
        "isin": "unknown_category",
        "greater_than_or_equal_to": "out_of_range",
        "less_than_or_equal_to": "out_of_range",
    }
    found = []
    for table, model, df in (
        ("accounts", AccountsModel, accounts),
        ("usage", UsageModel, usage),
        ("tickets", TicketsModel, tickets),
    ):
        try:
            model.validate(df, lazy=True)
        except SchemaErrors as errors:
            cases = errors.failure_cases.copy()
            cases["kind"] = [
                next((v for k, v in kinds.items() if str(c).startswith(k)), "wrong_dtype")
                for c in cases["check"]
            ]
            named = cases["kind"].isin(["missing_column", "unexpected_column"])
            cases["where"] = cases["column"].where(~named, cases["failure_case"])
            cases.loc[cases["check"] == "multiple_fields_uniqueness", "where"] = "account_id"
            found += [(table, str(w), k) for w, k in zip(cases["where"], cases["kind"])]
    known = accounts["account_id"]
    found += [(t, "account_id", "orphan_rows") for t, df in (("usage", usage), ("tickets", tickets))
              if (~df["account_id"].isin(known)).sum() > 0]  # fmt: skip
    try:
        if (tickets["resolved_at"] < tickets["opened_at"]).any():
            found.append(("tickets", "resolved_at", "inconsistent_row"))
    except (KeyError, TypeError):  # a column missing or retyped: already reported
        pass
    retyped = {(t, c) for t, c, k in found if k == "wrong_dtype"}
    found = {f for f in found if f[2] == "wrong_dtype" or f[:2] not in retyped}
    return [dict(zip(("table", "column", "issue"), f)) for f in sorted(found)]


# ---------------------------------------------------------------- wrong validators
def reports_nothing(accounts, usage, tickets):
    return []


COURSE_REPORT = [
    {k: p[k] for k in ("table", "column", "issue")} for p in make_churn()[3]["problems"]
]


def hard_coded(accounts, usage, tickets):
    return COURSE_REPORT


COURSE_RULES = {(p["table"], p["column"]) for p in make_churn()[3]["problems"]}


def knows_only_the_course_rules(accounts, usage, tickets):
    return _pandas_report(accounts, usage, tickets, rules=COURSE_RULES)


def misses_orphans(accounts, usage, tickets):
    return _pandas_report(accounts, usage, tickets, orphans=False)


def flags_the_bound(accounts, usage, tickets):
    return _pandas_report(accounts, usage, tickets, low_open=True)


def one_entry_per_row(accounts, usage, tickets):
    return _pandas_report(accounts, usage, tickets, per_row=True)


def orphan_tables_swapped(accounts, usage, tickets):
    return _pandas_report(accounts, usage, tickets, swap_orphans=True)


def range_on_retyped_columns(accounts, usage, tickets):
    return _pandas_report(accounts, usage, tickets, range_on_retyped=True)


def usage_key_under_month(accounts, usage, tickets):
    return _pandas_report(accounts, usage, tickets, key_column=-1)


def test_the_graded_drops_differ() -> None:
    """No two graded drops share most of their (kind, table) problems; together they hold
    every kind, and every drop's key is what a correct validator finds."""
    drops = graded_drops()
    places = [{(k["issue"], k["table"]) for k in key} for _, _, key in drops]
    for i, first in enumerate(places):
        for second in places[i + 1 :]:
            assert len(first & second) <= min(len(first), len(second)) // 2, (first, second)
    kinds = {issue for place in places for issue, _ in place}
    assert kinds == {
        "missing_column", "unexpected_column", "wrong_dtype", "missing_values", "duplicate_ids",
        "out_of_range", "unknown_category", "inconsistent_row", "orphan_rows",
    }  # fmt: skip
    assert len(GRADED_DROPS) >= 3


@pytest.mark.parametrize(
    ("validator", "fragments"),
    [
        (reports_nothing, ["the course's sources", "Missed:", "of kind orphan_rows in usage"]),
        (hard_coded, ["On clean sources", "Report only what breaks the contract"]),
        (knows_only_the_course_rules, ["drop 2 of 4", "Missed:", "in accounts"]),
        (
            misses_orphans,
            ["Missed: 1 of kind orphan_rows in tickets, 1 of kind orphan_rows in usage"],
        ),
        (flags_the_bound, ["On clean sources", "exactly on the contract's bounds"]),
        (one_entry_per_row, ["more than once"]),
        (orphan_tables_swapped, ["drop 2 of 4", "usage.account_id (orphan_rows)", "another table"]),
        (range_on_retyped_columns, ["report wrong_dtype only"]),
        (
            usage_key_under_month,
            ["usage.month (duplicate_ids)", "another column", "under account_id"],
        ),
    ],
    ids=lambda v: getattr(v, "__name__", ""),
)
def test_wrong_validators_fail_naming_the_mistake(validator, fragments) -> None:
    feedback = assert_fails("E1", validator, *fragments, CHURN_INSIGHTS=GOOD_CLAIMS)
    assert "Part 2, CHURN_INSIGHTS: All 3 claims hold" in feedback
    if "Missed:" in feedback:  # counts by kind and table; never the column to look at
        missed = feedback.split("Missed:")[1].split(".")[0]
        for column in ("signed_up", "seats", "region", "segment", "monthly_fee", "resolved_at"):
            assert column not in missed, feedback


def test_pandas_validator_passes_and_an_empty_insight_list_is_named() -> None:
    feedback = assert_fails(
        "E1", pandas_validator, "Part 2, CHURN_INSIGHTS: empty", CHURN_INSIGHTS=[]
    )
    assert "Part 1, validate_churn: every planted problem found" in feedback


@pytest.mark.parametrize(
    "validator", [polars_validator, pandera_model_validator], ids=lambda v: v.__name__
)
def test_correct_validators_in_other_styles_pass(validator) -> None:
    assert_passes("E1", validator, CHURN_INSIGHTS=GOOD_CLAIMS)


def not_written(accounts, usage, tickets):
    raise NotImplementedError


def test_insights_without_a_validator_are_not_attempted_yet_but_graded() -> None:
    """The validator is the exam's main answer (as 4.1's function is): until it runs the
    exam is not attempted, and the feedback grades the claims written so far."""
    feedback = assert_fails("E1", not_written, "`validate_churn` still raises",
                            status="not_attempted", CHURN_INSIGHTS=GOOD_CLAIMS)  # fmt: skip
    assert "part 2, CHURN_INSIGHTS: All 3 claims hold" in feedback


def test_nothing_written_is_not_attempted() -> None:
    result = assert_fails("E1", not_written, "validate_churn", "CHURN_INSIGHTS",
                          status="not_attempted", CHURN_INSIGHTS=[])  # fmt: skip
    assert "Not attempted" in result


# ---------------------------------------------------------------- insights
def _with(_base: dict, /, **changes) -> list[dict]:
    """GOOD_CLAIMS with the claim ``_base`` changed by ``changes``."""
    return [{**c, **changes} if c is _base else c for c in GOOD_CLAIMS]


SMB = GOOD_CLAIMS[0]
TICKETS = GOOD_CLAIMS[1]
ACTION = "Move the retention budget to the accounts this claim is about, next quarter."


@pytest.mark.parametrize(
    ("claims", "fragments"),
    [
        (_with(SMB, column="region", value="north", churn_rate=0.14),
         ["region has no effect on churn here", "within noise", "13.9%–14.0%"]),
        (_with(TICKETS, claim="lowers_churn"), ["tickets_last_30d raises churn", "21.3%"]),
        (_with(TICKETS, claim="raises_churn", feature="tenure_days", rate_high=0.175, rate_low=0.103),
         ["tenure_days lowers churn, it does not raise it"]),
        (_with(SMB, churn_rate=0.30), ["the cleaned data says it churns at 21.2%, not 30.0%"]),
        (_with(SMB, churn_rate=21.1), ["rates are fractions from 0 to 1"]),
        (_with(SMB, value="mid_market", churn_rate=0.083), ["does not have the highest churn rate"]),
        (_with(TICKETS, claim="lowers_churn", feature="avg_features_used", rate_high=0.137,
               rate_low=0.143), ["avg_features_used has no effect on churn here"]),
        (_with(TICKETS, feature="support_load"), ["unknown feature 'support_load'"]),
        (_with(SMB, action=""), ["its action is empty"]),
        (_with(SMB, action=["call", "every", "small", "account", "this", "week"]),
         ["should be a sentence (a string), got list"]),
        (_with(SMB, action="Investigate this further with the team next week."),
         ["is vague", "investigate"]),
        (_with(SMB, action=TICKETS["action"]), ["have the same action"]),
        ([SMB, {**SMB, "claim": "lowest_rate", "value": "enterprise", "churn_rate": 0.039,
                "action": ACTION}, TICKETS],
         ["about 2 different thing(s)", "count once: segment (claims 1, 2)"]),
        ([*GOOD_CLAIMS, {"claim": "no_effect", "column": "segment", "action": ACTION}],
         ["segment does move churn"]),
        (_with(TICKETS, claim="is_important"), ["unknown claim 'is_important'"]),
        ({"claim": "highest_rate"}, ["should be a list of dicts"]),
        (_with(TICKETS, rate_high=0.30), ["the direction is right", "you wrote 30.0%"]),
    ],
    ids=[
        "null-column", "wrong-direction", "tenure-raises", "wrong-number", "percent",
        "wrong-value", "null-feature", "unknown-feature", "no-action", "action-not-text",
        "vague-action",
        "same-action", "same-subject", "no-effect-on-a-real-effect", "unknown-claim",
        "not-a-list", "wrong-feature-number",
    ],
)  # fmt: skip
def test_wrong_insights_fail_naming_the_mistake(claims, fragments) -> None:
    with pytest.raises(WrongAnswer) as wrong:
        check_insights(claims)
    for fragment in fragments:
        assert fragment in str(wrong.value), str(wrong.value)


def test_true_claims_written_differently_pass() -> None:
    """Lowest instead of highest, other features, numpy numbers, a tuple, a null claim."""
    claims = (
        {"claim": "lowest_rate", "column": "payment_method", "value": "direct_debit",
         "churn_rate": np.float64(0.07), "action": "Make direct debit the default payment for "
         "every new account at sign-up."},
        {"claim": "lowest_rate", "column": "plan", "value": "premium", "churn_rate": 0.06,
         "action": "Offer basic accounts a three-month premium trial at their renewal."},
        {"claim": "lowers_churn", "feature": "tenure_days", "rate_high": 0.1, "rate_low": 0.17,
         "action": "Give accounts in their first two years a quarterly business review."},
        {"claim": "lowers_churn", "feature": "avg_satisfaction", "rate_high": 0.065,
         "rate_low": 0.154, "action": "Have a support lead call back every account that rates "
         "a ticket 3 or less."},
        {"claim": "no_effect", "feature": "avg_features_used", "action": "Stop pushing feature "
         "adoption campaigns as a retention measure and fund the onboarding calls instead."},
    )  # fmt: skip
    assert "All 5 claims hold" in check_insights(claims)


def test_the_grader_rates_agree_with_polars() -> None:
    """The grader's cleaned rates, recomputed from the shipped sources with polars."""
    accounts, _, _, _ = make_churn()
    clean = accounts.unique("account_id", keep="first", maintain_order=True).with_columns(
        pl.col("segment").str.strip_chars().str.to_lowercase().str.replace_all(r"[\s\-]+", "_")
    )
    rates = dict(clean.group_by("segment").agg(pl.col("churned").mean()).iter_rows())
    table = course_accounts()
    for segment, rate in table.groupby("segment")["churned"].mean().items():
        assert rates[segment] == pytest.approx(rate, abs=1e-12)

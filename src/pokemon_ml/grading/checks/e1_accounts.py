"""Exam E1's reference for the insights: the course's churn data cleaned as the brief
says, one row per account, with every derived feature the claim language names.

The learner computes the same table in the notebook (any way they like); the grader
recomputes each claimed number here, on the course's data, never on files the learner
could have edited.
"""

from __future__ import annotations

import functools
import re

import pandas as pd

from pokemon_ml.data.churn import SNAPSHOT, make_churn
from pokemon_ml.data.churn_drops import PAYMENT_METHODS, PLANS, REGIONS, SEGMENTS

__all__ = [
    "CLAIM_COLUMNS",
    "FEATURES",
    "account_table",
    "course_accounts",
    "group_rates",
    "split_rates",
]

CLAIM_COLUMNS = {
    "segment": SEGMENTS,
    "plan": PLANS,
    "region": REGIONS,
    "payment_method": PAYMENT_METHODS,
}
FEATURES = {
    "tenure_days": "days from signed_up to the snapshot (2026-06-30)",
    "tickets_last_30d": (
        "tickets opened in the 30 days up to the snapshot (after 2026-05-31 00:00, up to "
        "2026-06-30 00:00); 0 for an account with none"
    ),
    "avg_satisfaction": "mean satisfaction of the account's rated tickets; none if no rating",
    "logins_trend": (
        "mean monthly logins over 2026-04 to 2026-06, divided by the mean over 2026-01 to "
        "2026-03, minus 1; none if either window has no rows or the earlier mean is 0"
    ),
    "avg_features_used": "mean features_used over the account's usage rows",
}
SPELLING = re.compile(r"[\s\-]+")  # "Mid-Market", "mid market" -> mid_market


@functools.cache
def course_accounts() -> pd.DataFrame:
    """One row per account of the course's data, cleaned as the brief says, with
    ``churned`` and every derived feature (computed here, from the generator)."""
    accounts, usage, tickets, _ = make_churn()
    return account_table(accounts.to_pandas(), usage.to_pandas(), tickets.to_pandas())


def account_table(
    accounts: pd.DataFrame, usage: pd.DataFrame, tickets: pd.DataFrame
) -> pd.DataFrame:
    """The brief's cleaning and derived features, one row per account."""
    accounts = accounts.drop_duplicates("account_id", keep="first").copy()
    for column, known in CLAIM_COLUMNS.items():
        spelled = accounts[column].astype("string").str.strip().str.lower()
        spelled = spelled.str.replace(SPELLING, "_", regex=True)
        accounts[column] = spelled.where(spelled.isin(known))
    signed_up = pd.to_datetime(accounts["signed_up"])
    accounts["tenure_days"] = (pd.Timestamp(SNAPSHOT) - signed_up).dt.total_seconds() / 86_400
    ids = accounts["account_id"]
    usage = usage[usage["account_id"].isin(ids)].drop_duplicates(["account_id", "month"])
    tickets = tickets[tickets["account_id"].isin(ids)].drop_duplicates("ticket_id")
    month = pd.to_datetime(usage["month"])
    late = usage[month >= "2026-04-01"].groupby("account_id")["logins"].mean()
    early = (
        usage[(month >= "2026-01-01") & (month < "2026-04-01")]
        .groupby("account_id")["logins"]
        .mean()
    )
    trend = (late / early.where(early > 0)) - 1
    opened = pd.to_datetime(tickets["opened_at"])
    recent = tickets[
        (opened > pd.Timestamp(SNAPSHOT) - pd.Timedelta(days=30))
        & (opened <= pd.Timestamp(SNAPSHOT))
    ]
    table = accounts.set_index("account_id")
    table["tickets_last_30d"] = (
        recent.groupby("account_id").size().reindex(table.index, fill_value=0)
    )
    table["avg_satisfaction"] = (
        pd.to_numeric(tickets["satisfaction"], errors="coerce")
        .groupby(tickets["account_id"])
        .mean()
    )
    table["logins_trend"] = trend
    table["avg_features_used"] = usage.groupby("account_id")["features_used"].mean()
    table["churned"] = table["churned"].astype(bool)
    return table


def group_rates(table: pd.DataFrame, column: str) -> pd.Series:
    """Churn rate per value of ``column`` (accounts without a value left out)."""
    return table.dropna(subset=[column]).groupby(column)["churned"].mean()


def split_rates(table: pd.DataFrame, feature: str) -> tuple[float, float]:
    """Churn rate of accounts whose ``feature`` is above its median, and of the others."""
    defined = table.dropna(subset=[feature])
    high = defined[feature] > defined[feature].median()
    return float(defined.loc[high, "churned"].mean()), float(defined.loc[~high, "churned"].mean())

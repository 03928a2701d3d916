"""The clean churn sources, drawn from a latent model: accounts, usage and tickets.

A software company's accounts, their monthly usage and their support tickets, exported
at ``SNAPSHOT`` (2026-06-30). ``churned`` says whether the account cancelled in the 90
days after it. The latent model (log-odds of churn; about 13-14% churn)::

    logit = BASE
          + segment      smb +0.75, mid_market 0, enterprise -0.85
          + plan         basic +0.35, pro 0, premium -0.35
          + payment      manual_transfer +0.65, card 0, direct_debit -0.35
          - 0.45 * ln(tenure_days / 365)          new accounts leave more
          + 0.55 * min(tickets in the last 30 days, 4)
          - 0.50 * (mean satisfaction of the account's rated tickets - 3.7)  (0 if none)
          - 1.10 * ln(logins trend)               a falling usage trend
    region and features_used: no effect at all (drawn after churn, churners and stayers
    given the same mix: regions in equal shares, feature levels evenly over 2-18)

The effect sizes are ``pokemon_ml.data.churn_contract``'s (``EFFECTS`` and the
``*_EFFECT`` constants), the very numbers the answer key states as ``PLANTED_FACTS``;
this module holds only what shapes the draw (the base rate, the mix of segments,
plans and payments, seats, prices).

Usage: one row per account and month (2025-07 to 2026-06, from the month it signed
up), logins Poisson around ``seats`` x a per-account rate, times the account's trend
factor in the last three months (18% of accounts decline to about 45%). Tickets:
Poisson, about two a year, opened uniformly over the last twelve months; 85% are
resolved (none before they were opened), 60% of those rated 1-5 by a per-account mood.
Boundary values are planted in the clean data (seats 1 and 1,000, a fee of 0, 25
features used, a ticket opened at the snapshot, one resolved the minute it opened, an
account that signed up at the snapshot): a validator must accept a value on a bound.

The draw is seeded and ordered: the same seed gives the same rows, byte for byte, so
a change here changes the files in ``data/manifest.json``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import numpy as np
import polars as pl

from pokemon_ml.data.churn_contract import (
    CONTRACT,
    EFFECTS,
    FIRST_MONTH,
    MAX_FEATURES,
    MAX_SEATS,
    PAYMENT_METHODS,
    PLANS,
    PRIORITIES,
    REGIONS,
    SATISFACTION_EFFECT,
    SEGMENTS,
    SNAPSHOT,
    TENURE_EFFECT,
    TICKET_CATEGORIES,
    TICKET_EFFECT,
    TREND_EFFECT,
)

__all__ = ["DEFAULT_ACCOUNTS", "make_churn_sources"]

DEFAULT_ACCOUNTS = 3_000
BASE_LOGIT = -2.65  # gives a churn rate of about 13-14%
DECLINING_SHARE = 0.18  # accounts whose usage falls in the last three months
SEGMENT_SHARES = (0.5, 0.3, 0.2)
PLAN_SHARES = ((0.6, 0.3, 0.1), (0.3, 0.5, 0.2), (0.1, 0.4, 0.5))  # per segment
PAYMENT_SHARES = ((0.5, 0.15, 0.35), (0.45, 0.35, 0.2), (0.25, 0.55, 0.2))  # per segment
SEATS_LOG = ((1.4, 0.7), (4.0, 0.6), (5.7, 0.5))  # ln(seats): mean, sd per segment
PRICE_PER_SEAT = (9.0, 19.0, 35.0)  # euros a month, per plan
DISCOUNT = (0.0, 0.10, 0.25)  # per segment
TICKETS_PER_YEAR = 2.0
NULL_STREAM = 4  # the no-effect columns' own random stream


def make_churn_sources(seed: int, n_accounts: int = DEFAULT_ACCOUNTS) -> dict[str, pl.DataFrame]:
    """Clean accounts, usage and tickets from the latent model (see the module docstring)."""
    if n_accounts < 100:
        raise ValueError(f"churn data needs at least 100 accounts, got {n_accounts}")
    rng = np.random.default_rng(seed)
    n = n_accounts
    segment = rng.choice(3, size=n, p=SEGMENT_SHARES)
    plan = _choose_per_group(rng, segment, PLAN_SHARES)
    payment = _choose_per_group(rng, segment, PAYMENT_SHARES)
    log_seats = np.take(SEATS_LOG, segment, axis=0)
    seats = np.clip(np.round(np.exp(rng.normal(log_seats[:, 0], log_seats[:, 1]))), 1, MAX_SEATS)
    tenure_days = rng.integers(20, 1_800, size=n)
    # Boundary values, on rows spread through the table (not all in its first lines).
    seats[np.flatnonzero(segment == 0)[[2, -2]]] = 1
    seats[np.flatnonzero(segment == 2)[[3, -3]]] = MAX_SEATS
    tenure_days[n // 2] = 0  # signed up at the snapshot
    seats = seats.astype(np.int64)
    fee = np.round(seats * np.take(PRICE_PER_SEAT, plan) * (1 - np.take(DISCOUNT, segment)), 2)
    fee[n // 3] = 0.0  # a sponsored account
    signed_up = [SNAPSHOT - timedelta(days=int(d)) for d in tenure_days]

    usage, trend = _usage(rng, seats, signed_up)
    tickets = _tickets(rng, signed_up)
    recent = tickets.filter(pl.col("opened_at") > SNAPSHOT - timedelta(days=30))
    tickets_30d = np.bincount(recent["row"].to_numpy(), minlength=n)
    rated = tickets.filter(pl.col("satisfaction").is_not_null())
    n_rated = np.bincount(rated["row"].to_numpy(), minlength=n)
    sum_rated = np.bincount(rated["row"].to_numpy(), rated["satisfaction"].to_numpy(), n)
    satisfaction_gap = np.where(n_rated > 0, sum_rated / np.maximum(n_rated, 1) - 3.7, 0.0)
    logit = (
        BASE_LOGIT
        + np.take(list(EFFECTS["segment"].values()), segment)
        + np.take(list(EFFECTS["plan"].values()), plan)
        + np.take([EFFECTS["payment_method"][m] for m in PAYMENT_METHODS], payment)
        + TENURE_EFFECT * np.log(np.maximum(tenure_days, 15) / 365)
        + TICKET_EFFECT * np.minimum(tickets_30d, 4)
        + SATISFACTION_EFFECT * satisfaction_gap
        + TREND_EFFECT * np.log(trend)
    )
    churned = rng.random(n) < 1 / (1 + np.exp(-logit))
    # No effect, by construction: drawn after churn, on a stream of their own, so that
    # churners and stayers get the same spread (a null that looks null at every seed).
    null_rng = np.random.default_rng([seed, NULL_STREAM])
    region = _balanced(null_rng, churned, lambda m: null_rng.permutation(np.arange(m) % 4))
    region = region.astype(np.int64)
    level = _balanced(  # stratified: each group spans 2-18 evenly
        null_rng, churned, lambda m: 2 + 16 * (null_rng.permutation(m) + null_rng.random(m)) / m
    )
    features = np.clip(
        np.round(null_rng.normal(level[usage["row"].to_numpy()], 2.5)), 0, MAX_FEATURES
    )
    features[len(features) // 2 : len(features) // 2 + 3] = MAX_FEATURES  # every feature used
    usage = usage.with_columns(features_used=features.astype(np.int64))
    ids = 10_001 + np.arange(n)
    accounts = pl.DataFrame(
        {
            "account_id": ids,
            "signed_up": pl.Series(signed_up, dtype=pl.Datetime("us")),
            "segment": np.take(SEGMENTS, segment),
            "plan": np.take(PLANS, plan),
            "region": np.take(REGIONS, region),
            "seats": seats,
            "monthly_fee": fee,
            "payment_method": np.take(PAYMENT_METHODS, payment),
            "churned": churned,
        }
    )
    usage = usage.with_columns(account_id=ids[usage["row"].to_numpy()])
    tickets = tickets.with_columns(
        account_id=ids[tickets["row"].to_numpy()],
        ticket_id=500_001 + np.arange(tickets.height),
    )
    usage, tickets = (
        usage.select(list(CONTRACT["usage"])),
        tickets.select(list(CONTRACT["tickets"])),
    )
    return {"accounts": accounts, "usage": usage, "tickets": tickets}


def _balanced(
    rng: np.random.Generator, churned: np.ndarray, draw: Callable[[int], np.ndarray]
) -> np.ndarray:
    """One value per account, ``draw(m)`` for the m churners and again for the stayers:
    with a stratified ``draw``, both groups get the same mix of values."""
    values = np.empty(len(churned))
    for group in (False, True):
        members = np.flatnonzero(churned == group)
        values[members] = draw(len(members))
    return values


def _choose_per_group(
    rng: np.random.Generator, group: np.ndarray, shares: tuple[tuple[float, ...], ...]
) -> np.ndarray:
    """One draw per row from the categorical distribution of its group."""
    cumulative = np.cumsum(np.asarray(shares), axis=1)[group]
    return (rng.random(len(group))[:, None] > cumulative[:, :-1]).sum(axis=1)


def _usage(
    rng: np.random.Generator, seats: np.ndarray, signed_up: list[datetime]
) -> tuple[pl.DataFrame, np.ndarray]:
    """Monthly usage rows (with ``row``, the account's position) and each trend factor."""
    n = len(seats)
    months = [datetime(FIRST_MONTH.year + (FIRST_MONTH.month - 1 + k) // 12,
                       (FIRST_MONTH.month - 1 + k) % 12 + 1, 1) for k in range(12)]  # fmt: skip
    first = np.array([max(0, (s.year - 2025) * 12 + s.month - 7) for s in signed_up])
    declining = rng.random(n) < DECLINING_SHARE
    trend = np.exp(np.where(declining, rng.normal(-0.8, 0.25, n), rng.normal(0.0, 0.15, n)))
    rate = seats * np.exp(rng.normal(2.0, 0.5, n))  # logins a month
    n_months = 12 - np.minimum(first, 11)
    row = np.repeat(np.arange(n), n_months)
    month_index = np.concatenate([np.arange(12 - k, 12) for k in n_months])
    factor = np.where(month_index >= 9, trend[row], 1.0) * np.exp(rng.normal(0, 0.1, len(row)))
    logins = rng.poisson(rate[row] * factor)
    logins[row == n // 2] = 0  # boundary: the account that signed up today has not logged in
    minutes = np.round(logins * np.exp(rng.normal(2.5, 0.3, len(row))), 1)
    usage = pl.DataFrame(
        {
            "row": row,
            "month": pl.Series([months[i] for i in month_index], dtype=pl.Datetime("us")),
            "logins": logins.astype(np.int64),
            "active_minutes": minutes,
        }
    )
    return usage, trend


def _tickets(rng: np.random.Generator, signed_up: list[datetime]) -> pl.DataFrame:
    """Support tickets over the last twelve months (with ``row``, the account's position)."""
    n = len(signed_up)
    window_start = SNAPSHOT - timedelta(days=365)
    start = np.array([(max(s, window_start) - window_start).total_seconds() for s in signed_up])
    span = 365 * 86_400 - start  # seconds each account could open tickets in
    mood = rng.normal(0, 1, n)  # how happy the account's users are with support
    counts = rng.poisson(TICKETS_PER_YEAR * rng.gamma(2.0, 0.5, n) * span / (365 * 86_400))
    row = np.repeat(np.arange(n), counts)
    seconds = start[row] + rng.random(len(row)) * span[row]
    opened_minutes = np.floor(seconds / 60).astype(np.int64)
    if len(row):  # boundary: a ticket opened at the very moment of the export
        opened_minutes[0] = 365 * 1_440
    order = np.lexsort((row, opened_minutes))
    row, opened_minutes = row[order], opened_minutes[order]
    opened = [window_start + timedelta(minutes=int(m)) for m in opened_minutes]
    resolve_minutes = np.round(np.exp(rng.normal(2.5, 1.2, len(row))) * 60)
    resolve_minutes[:2] = 0  # boundary: resolved the minute it was opened
    resolved_share = rng.random(len(row)) < 0.85
    resolved = [
        o + timedelta(minutes=int(m)) if ok and o + timedelta(minutes=int(m)) <= SNAPSHOT else None
        for o, m, ok in zip(opened, resolve_minutes, resolved_share)
    ]
    score = np.clip(np.round(3.7 + 0.8 * mood[row] + rng.normal(0, 0.8, len(row))), 1, 5)
    is_rated = (rng.random(len(row)) < 0.6) & np.array([r is not None for r in resolved])
    tickets = pl.DataFrame(
        {
            "row": row,
            "opened_at": pl.Series(opened, dtype=pl.Datetime("us")),
            "category": rng.choice(TICKET_CATEGORIES, size=len(row), p=(0.25, 0.45, 0.15, 0.15)),
            "priority": rng.choice(PRIORITIES, size=len(row), p=(0.3, 0.45, 0.2, 0.05)),
            "resolved_at": pl.Series(resolved, dtype=pl.Datetime("us")),
            "satisfaction": pl.Series(np.where(is_rated, score, np.nan)).fill_nan(None),
        }
    )
    return tickets

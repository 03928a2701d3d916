"""Loan applications for course checkpoint 2's practical exam (credit risk).

Each row is one loan application a lender approved in the past, what the applicant
told the lender on the day (``applied_at``), and whether the loan later defaulted.
The question the exam asks: **which applications should be rejected?**

The latent model (fixed constants; the seed only draws applicants and noise). The
log-odds of default are::

    BASE_LOGIT
    + 1.5 * (debt_to_income - 0.25)
    + 0.8 * delinquencies_2y
    + 2.5 * (credit_utilization - 0.4)
    - 0.06 * (credit_history_years - 8)
    - 0.45 * log(annual_income / 52,000)
    + 0.55 * log(loan_to_income / 0.2)          (loan_amount / annual_income)
    + 0.35 * [term_months == 60]
    + EMPLOYMENT_LOGIT[employment] - 0.03 * (employment_years - 5)
    + PURPOSE_LOGIT[purpose] + REGION_LOGIT[region]
    + a normal noise with standard deviation 0.3
    + after SHOCK_DATE: SHOCK_BASE + SHOCK_SLOPE * max(0, debt_to_income - 0.30) / 0.1

**Drift over time.** Interest rates rose on ``SHOCK_DATE`` (the start of the data's
last year): from then on every loan is a little riskier, and loans of applicants who
already spent much of their income on debt much riskier (the shock term). Debt to
income also creeps up over the years. A model validated with random K-fold trains on
rows from the shock year and validates on earlier ones: it looks better than it will
be. Validation that walks forward in time tells the truth.

**Leak columns.** ``collections_calls`` and ``months_since_last_payment`` are recorded
by the servicing team *after* the outcome (a defaulted loan gets collection calls
and stops being paid). They are in the training file because it was exported from
the servicing system; at decision time they do not exist (``decision_time=True``
leaves them blank, as the grader's hidden population has them).

**Cost matrix.** ``COST_MATRIX``: approving a loan that defaults costs 5 units (the
lost principal, net of recoveries); rejecting an applicant who would have repaid
costs 1 (the lost interest and the customer); the two right decisions cost nothing.
``cost_per_1000`` is the expected cost of a rejection rule per 1,000 applications.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

__all__ = [
    "COLUMNS",
    "COST_MATRIX",
    "CREDIT_ROWS",
    "CREDIT_START",
    "CREDIT_TARGET",
    "DATE_COLUMN",
    "LEAK_COLUMNS",
    "SHOCK_DATE",
    "cost_per_1000",
    "credit_answer_key",
    "make_credit",
]

CREDIT_ROWS = 6_000  # applications in the course's file (three years)
CREDIT_START = date(2021, 1, 1)  # first application date of the course's file
CREDIT_MONTHS = 36  # the file's period
SHOCK_DATE = date(2023, 1, 1)  # the rate shock: the start of the file's last year
CREDIT_TARGET = "defaulted"
DATE_COLUMN = "applied_at"
LEAK_COLUMNS = ("collections_calls", "months_since_last_payment")
# Cost of one decision, in units of "one good customer turned away".
COST_MATRIX = {
    "approve_default": 5.0,  # approved, then defaulted: the lost principal net of recoveries
    "reject_good": 1.0,  # rejected someone who would have repaid: lost interest, lost customer
    "approve_good": 0.0,
    "reject_default": 0.0,
}

# What each column is and when it is known (the exam's data dictionary).
COLUMNS = {
    "application_id": (
        "the loan system's key (re-keyed in a migration: not in time order)",
        "at application",
    ),
    "applied_at": ("the application's date", "at application"),
    "region": ("the branch's region", "at application"),
    "age": ("the applicant's age in years", "at application"),
    "employment": ("salaried, self_employed, contract or retired", "at application"),
    "employment_years": ("years with the current employer (0 when retired)", "at application"),
    "annual_income": ("declared yearly income, in euros", "at application"),
    "debt_to_income": (
        "monthly debt payments / monthly income, before this loan",
        "at application",
    ),
    "credit_history_years": ("years since the first credit line", "at application"),
    "delinquencies_2y": ("payments 30+ days late in the last two years", "at application"),
    "credit_utilization": ("share of revolving credit limits in use (0–1)", "at application"),
    "home_ownership": ("rent, mortgage or own", "at application"),
    "purpose": ("what the loan is for", "at application"),
    "loan_amount": ("the amount asked for, in euros", "at application"),
    "term_months": ("36 or 60", "at application"),
    "collections_calls": ("calls from the collections team", "only after the outcome"),
    "months_since_last_payment": ("months since the borrower last paid", "only after the outcome"),
    "defaulted": ("the loan defaulted (the target)", "only after the outcome"),
}

BASE_LOGIT = -3.6
DTI_LOGIT = 1.5
DELINQUENCY_LOGIT = 0.8
UTILIZATION_LOGIT = 2.5
SHOCK_BASE = 0.15
SHOCK_SLOPE = 0.35
EMPLOYMENT = ("salaried", "self_employed", "contract", "retired")
EMPLOYMENT_SHARES = (0.62, 0.15, 0.15, 0.08)
EMPLOYMENT_LOGIT = {"salaried": 0.0, "self_employed": 0.3, "contract": 0.45, "retired": 0.1}
PURPOSES = (
    "debt_consolidation",
    "car",
    "home_improvement",
    "small_business",
    "education",
    "medical",
    "other",
)
PURPOSE_SHARES = (0.34, 0.18, 0.14, 0.08, 0.07, 0.07, 0.12)
PURPOSE_LOGIT = {
    "debt_consolidation": 0.2, "car": -0.25, "home_improvement": -0.1, "small_business": 0.65,
    "education": 0.1, "medical": 0.3, "other": 0.0,
}  # fmt: skip
REGIONS = ("north", "south", "east", "west", "central")
REGION_SHARES = (0.22, 0.2, 0.18, 0.2, 0.2)
REGION_LOGIT = {"north": -0.1, "south": 0.15, "east": 0.05, "west": -0.05, "central": 0.0}
HOMES = ("rent", "mortgage", "own")
HOME_SHARES = (0.42, 0.43, 0.15)
DTI_CREEP_PER_YEAR = 0.015  # debt to income drifts up with the cost of living


def cost_per_1000(defaulted, proba, threshold: float) -> float:
    """Expected cost per 1,000 applications of rejecting when ``proba >= threshold``.

    Args:
        defaulted: the true outcomes (bool or 0/1), one per application.
        proba: the predicted probability of default, one per application.
        threshold: reject an application when its probability is at least this.

    Returns:
        ``1000 * mean cost`` under ``COST_MATRIX``: a defaulted loan that was approved
        costs 5, a good applicant rejected costs 1.
    """
    truth = np.asarray(defaulted).astype(bool)
    reject = np.asarray(proba, dtype=float) >= threshold
    cost = COST_MATRIX["approve_default"] * (truth & ~reject) + COST_MATRIX["reject_good"] * (
        ~truth & reject
    )
    return float(1000 * cost.mean())


def make_credit(
    seed: int = 42,
    n: int = CREDIT_ROWS,
    start: date = CREDIT_START,
    months: int = CREDIT_MONTHS,
    decision_time: bool = False,
) -> pl.DataFrame:
    """Loan applications with their outcome (see the module's docstring for the model).

    Args:
        seed: the seed; the same arguments give byte-identical files.
        n: applications.
        start: first possible application date.
        months: the period's length (30-day months; applications spread evenly).
        decision_time: leave the columns known only after the outcome blank, as they
            are when an application is decided (the grader's hidden population).

    Returns:
        One row per application, ordered by ``application_id`` (not by time).
    """
    rng = np.random.default_rng([seed, 2_024])
    days = rng.integers(0, months * 30, n)
    applied = np.datetime64(start, "D") + days.astype("timedelta64[D]")
    years = (days + (start - CREDIT_START).days) / 365.25
    shocked = applied >= np.datetime64(SHOCK_DATE, "D")

    region = rng.choice(REGIONS, n, p=REGION_SHARES)
    age = np.clip(np.round(21 + rng.gamma(3.0, 7.0, n)), 21, 75).astype(np.int64)
    employment = rng.choice(EMPLOYMENT, n, p=EMPLOYMENT_SHARES)
    employment[(age >= 63) & (rng.random(n) < 0.6)] = "retired"
    employment_years = np.minimum(rng.exponential(6.0, n), age - 18)
    employment_years = np.where(employment == "retired", 0.0, np.round(employment_years, 1))
    income_factor = np.select(
        [employment == "self_employed", employment == "contract", employment == "retired"],
        [1.1, 0.85, 0.7],
        1.0,
    )
    income = np.round(np.exp(rng.normal(np.log(52_000), 0.45, n)) * income_factor, -2)
    income = np.maximum(income, 12_000.0)
    dti = np.clip(rng.beta(2.2, 6.0, n) * 0.9 + DTI_CREEP_PER_YEAR * years, 0.0, 0.75)
    dti = np.round(dti, 3)
    history = np.round(np.minimum(rng.gamma(3.0, 3.0, n), age - 18), 1)
    delinquencies = rng.poisson(0.25 + 0.6 * (dti > 0.4), n).astype(np.int64)
    utilization = np.round(np.clip(rng.beta(2.0, 3.0, n) + 0.15 * (delinquencies > 0), 0, 1), 2)
    home = rng.choice(HOMES, n, p=HOME_SHARES)
    purpose = rng.choice(PURPOSES, n, p=PURPOSE_SHARES)
    loan = np.clip(np.round(income * rng.uniform(0.04, 0.45, n) / 50) * 50, 1_000, 50_000)
    term = np.where(rng.random(n) < 0.3, 60, 36).astype(np.int64)

    logit = (
        BASE_LOGIT
        + DTI_LOGIT * (dti - 0.25)
        + DELINQUENCY_LOGIT * delinquencies
        + UTILIZATION_LOGIT * (utilization - 0.4)
        - 0.06 * (history - 8)
        - 0.45 * np.log(income / 52_000)
        + 0.55 * np.log(loan / income / 0.2)
        + 0.35 * (term == 60)
        + np.vectorize(EMPLOYMENT_LOGIT.get)(employment)
        - 0.03 * (employment_years - 5)
        + np.vectorize(PURPOSE_LOGIT.get)(purpose)
        + np.vectorize(REGION_LOGIT.get)(region)
        + rng.normal(0.0, 0.3, n)
        + shocked * (SHOCK_BASE + SHOCK_SLOPE * np.maximum(0.0, dti - 0.30) / 0.1)
    )
    defaulted = rng.random(n) < 1 / (1 + np.exp(-logit))

    calls = np.where(
        defaulted,
        (rng.random(n) < 0.85) * (1 + rng.poisson(3.0, n)),
        (rng.random(n) < 0.08) * (1 + rng.poisson(1.0, n)),
    ).astype(np.int64)
    since_payment = np.round(
        np.where(defaulted, rng.uniform(1.5, 14.0, n), rng.exponential(0.8, n)), 1
    )
    ids = 100_000 + rng.permutation(n * 7)[:n]

    frame = pl.DataFrame(
        {
            "application_id": ids.astype(np.int64),
            "applied_at": applied,
            "region": region,
            "age": age,
            "employment": employment,
            "employment_years": employment_years,
            "annual_income": income,
            "debt_to_income": dti,
            "credit_history_years": history,
            "delinquencies_2y": delinquencies,
            "credit_utilization": utilization,
            "home_ownership": home,
            "purpose": purpose,
            "loan_amount": loan,
            "term_months": term,
            "collections_calls": calls,
            "months_since_last_payment": since_payment,
            "defaulted": defaulted,
        },
        schema_overrides={"applied_at": pl.Date},
    )
    if decision_time:
        frame = frame.with_columns(
            pl.lit(None, dtype=pl.Int64).alias("collections_calls"),
            pl.lit(None, dtype=pl.Float64).alias("months_since_last_payment"),
        )
    return frame.sort("application_id")


def credit_answer_key(frame: pl.DataFrame) -> dict:
    """What the manifest records about ``credit``: the leaks, the shock, the costs."""
    shocked = frame.filter(pl.col(DATE_COLUMN) >= SHOCK_DATE)
    before = frame.filter(pl.col(DATE_COLUMN) < SHOCK_DATE)
    return {
        "target": CREDIT_TARGET,
        "time_column": DATE_COLUMN,
        "leak_columns": list(LEAK_COLUMNS),
        "shock_date": SHOCK_DATE.isoformat(),
        "default_rate": round(float(frame[CREDIT_TARGET].mean()), 4),
        "default_rate_before_shock": round(float(before[CREDIT_TARGET].mean()), 4),
        "default_rate_after_shock": round(float(shocked[CREDIT_TARGET].mean()), 4),
        "cost_matrix": dict(COST_MATRIX),
    }

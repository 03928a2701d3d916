"""What the churn sources promise and what they hold: the contract and the planted facts.

Checkpoint exam E1 hands a learner three sources — ``accounts``, ``usage`` and
``tickets`` (``TABLES``) — exported at ``SNAPSHOT`` (2026-06-30), and a contract:
``CONTRACT`` gives each column one line, ``(type, rule, nullable)``, and the exam's
brief renders it. Everything here is a promise a validator can check or a fact an
analysis can find, so both sides of the answer key start from this module:

- the *problems* of a drop are broken lines of ``CONTRACT`` (the kinds of
  ``pokemon_ml.data.schemas.ISSUE_KINDS``, and ``CHURN_ISSUE_KINDS`` for the one that
  spans tables: a usage or ticket row of no account);
- the *facts* are ``PLANTED_FACTS``: which columns move churn, which way and by how
  much, in log-odds. The generator (``pokemon_ml.data.churn_sources``) reads the same
  effect sizes, so the key cannot drift from the data. ``region`` and
  ``avg_features_used`` are planted nulls: a learner who finds an effect there has
  found noise.

The vocabulary (segments, plans, regions, ...) and the bounds (``MAX_SEATS``,
``MAX_FEE``, ``MAX_FEATURES``) are defined once, here, and the contract's rules are
written from them.
"""

from __future__ import annotations

from datetime import datetime

__all__ = [
    "CHURN_ISSUE_KINDS",
    "CONTRACT",
    "EFFECTS",
    "FIRST_DAY",
    "FIRST_MONTH",
    "LAST_MONTH",
    "MAX_FEATURES",
    "MAX_FEE",
    "MAX_SEATS",
    "PAYMENT_METHODS",
    "PLANS",
    "PLANTED_FACTS",
    "PRIORITIES",
    "REGIONS",
    "SATISFACTION_EFFECT",
    "SEGMENTS",
    "SNAPSHOT",
    "TABLES",
    "TENURE_EFFECT",
    "TICKET_CATEGORIES",
    "TICKET_EFFECT",
    "TREND_EFFECT",
]

SNAPSHOT = datetime(2026, 6, 30)  # the moment the sources were exported (midnight)
FIRST_DAY = datetime(2015, 1, 1)  # the product launched: nothing happened before
FIRST_MONTH, LAST_MONTH = datetime(2025, 7, 1), datetime(2026, 6, 1)  # usage months kept
SEGMENTS = ("smb", "mid_market", "enterprise")
PLANS = ("basic", "pro", "premium")
REGIONS = ("north", "south", "east", "west")
PAYMENT_METHODS = ("card", "direct_debit", "manual_transfer")
TICKET_CATEGORIES = ("billing", "technical", "account", "feature_request")
PRIORITIES = ("low", "normal", "high", "urgent")
MAX_SEATS = 1_000  # the largest plan sold
MAX_FEE = 50_000.0  # euros a month; no contract is larger
MAX_FEATURES = 25  # the product has 25 features

TABLES = ("accounts", "usage", "tickets")
# The contract, one line per column: (type, rule, nullable). Rendered in the exam's brief.
CONTRACT: dict[str, dict[str, tuple[str, str, bool]]] = {
    "accounts": {
        "account_id": ("int", ">= 1, unique (the table's key)", False),
        "signed_up": ("datetime", "2015-01-01 to the snapshot, 2026-06-30", False),
        "segment": ("str", ", ".join(SEGMENTS), False),
        "plan": ("str", ", ".join(PLANS), False),
        "region": ("str", ", ".join(REGIONS), False),
        "seats": ("int", f"1 to {MAX_SEATS:,}", False),
        "monthly_fee": ("float", f"0 to {MAX_FEE:,.0f} (euros a month)", False),
        "payment_method": ("str", ", ".join(PAYMENT_METHODS), False),
        "churned": ("bool", "cancelled within 90 days after the snapshot", False),
    },
    "usage": {
        "account_id": ("int", "an account_id of accounts; (account_id, month) unique", False),
        "month": ("datetime", "first day of a month, 2025-07-01 to 2026-06-01", False),
        "logins": ("int", ">= 0", False),
        "active_minutes": ("float", ">= 0 (all users, the whole month)", False),
        "features_used": ("int", f"0 to {MAX_FEATURES}", False),
    },
    "tickets": {
        "ticket_id": ("int", ">= 1, unique (the table's key)", False),
        "account_id": ("int", "an account_id of accounts", False),
        "opened_at": ("datetime", "2015-01-01 to the snapshot, 2026-06-30", False),
        "category": ("str", ", ".join(TICKET_CATEGORIES), False),
        "priority": ("str", ", ".join(PRIORITIES), False),
        "resolved_at": ("datetime", "empty while open; never before opened_at", True),
        "satisfaction": ("float", "1 to 5; empty when not rated", True),
    },
}
# The kinds a churn report uses: the course's ISSUE_KINDS and one across tables.
CHURN_ISSUE_KINDS = {
    "orphan_rows": "a usage or ticket row whose account_id is not in accounts",
}

# The latent model's effects on the log-odds of churn (the generator adds its base rate).
EFFECTS = {  # log-odds of churn per category (0 = the reference level)
    "segment": {"smb": 0.75, "mid_market": 0.0, "enterprise": -0.85},
    "plan": {"basic": 0.35, "pro": 0.0, "premium": -0.35},
    "payment_method": {"manual_transfer": 0.65, "card": 0.0, "direct_debit": -0.35},
    "region": dict.fromkeys(REGIONS, 0.0),
}
TENURE_EFFECT = -0.45  # per ln(tenure in years)
TICKET_EFFECT = 0.55  # per ticket opened in the last 30 days (up to 4)
SATISFACTION_EFFECT = -0.50  # per point of mean satisfaction above 3.7
TREND_EFFECT = -1.10  # per ln(logins in the last 3 months / the 3 before)

# The planted facts, as the answer key states them: which things move churn, which way.
PLANTED_FACTS = {
    "categorical": {
        column: {
            "effect": any(effects.values()),
            "log_odds": effects,
            "highest": max(effects, key=effects.get) if any(effects.values()) else None,
            "lowest": min(effects, key=effects.get) if any(effects.values()) else None,
        }
        for column, effects in EFFECTS.items()
    },
    "features": {
        "tenure_days": {"effect": True, "direction": "lowers", "log_odds": TENURE_EFFECT},
        "tickets_last_30d": {"effect": True, "direction": "raises", "log_odds": TICKET_EFFECT},
        "avg_satisfaction": {
            "effect": True,
            "direction": "lowers",
            "log_odds": SATISFACTION_EFFECT,
        },
        "logins_trend": {"effect": True, "direction": "lowers", "log_odds": TREND_EFFECT},
        "avg_features_used": {"effect": False, "direction": None, "log_odds": 0.0},
    },
}

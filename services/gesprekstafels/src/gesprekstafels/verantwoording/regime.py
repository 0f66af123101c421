"""Accountability in proportion to the money, as Dutch subsidy practice does it (the *Rijkssubsidiekader* and most
municipal subsidy ordinances): the smaller the grant, the lighter the account.

A call's *verantwoordingsregime* is a list of tiers by amount; the grant's tier is decided with the grant and shown
on the decision with its deadline:

- `geen`: settled on the grant, without a report (no report is due; the settlement needs none);
- `steekproef`: as `geen`, except for a random sample (`percentage` of the grants) that reports as
  `activiteitenverslag`;
  the draw is reproducible — SHA-256 of the municipality, the call and the application decides it — and recorded on
  the decision (and so in its audit trail);
- `activiteitenverslag`: a report of the activities (the accountability report as it is);
- `financieel-verslag`: a report with a financial account and an auditor's statement as an attachment (`soort`
  `accountantsverklaring`); assessing or settling it without one is refused.

A call without tiers asks an activity report of every grant (as before tiers existed): waiving reports is the
municipality's decision, by its subsidy ordinance, set per call — for example `EXAMPLE_REGIME`, after the
Rijkssubsidiekader: up to € 10.000 a 10% sample, up to € 100.000 an activity report, above a financial report with
an auditor's statement.
"""

from __future__ import annotations

import hashlib
from enum import StrEnum
from typing import Any


class Verantwoordingsvorm(StrEnum):
    GEEN = "geen"
    STEEKPROEF = "steekproef"
    ACTIVITEITENVERSLAG = "activiteitenverslag"
    FINANCIEEL_VERSLAG = "financieel-verslag"


V = Verantwoordingsvorm
DEFAULT_REGIME: list[dict[str, Any]] = [{"totEnMetCent": None, "vorm": V.ACTIVITEITENVERSLAG.value}]
EXAMPLE_REGIME: list[dict[str, Any]] = [
    {"totEnMetCent": 1_000_000, "vorm": V.STEEKPROEF.value, "steekproefPercentage": 10},
    {"totEnMetCent": 10_000_000, "vorm": V.ACTIVITEITENVERSLAG.value},
    {"totEnMetCent": None, "vorm": V.FINANCIEEL_VERSLAG.value},
]
#: A report is due under these forms.
REPORTED = (V.ACTIVITEITENVERSLAG, V.FINANCIEEL_VERSLAG)
AUDITOR = "accountantsverklaring"


def refusal(regime: list[dict[str, Any]]) -> str | None:
    """Why a call's tiers cannot stand, or None: every tier but the last has an ascending upper bound, the last none;
    a sample (and only a sample) says its percentage."""
    bounds = [tier.get("totEnMetCent") for tier in regime]
    upper = [b for b in bounds[:-1] if b is not None]
    if len(upper) != len(bounds) - 1 or bounds[-1] is not None:
        return "every tier but the last has an upper bound (totEnMetCent); the last has none"
    if any(later <= earlier for earlier, later in zip(upper, upper[1:], strict=False)):
        return "the upper bounds ascend"
    for index, tier in enumerate(regime):
        if (tier.get("vorm") == V.STEEKPROEF) != (tier.get("steekproefPercentage") is not None):
            return f"tier {index}: a sample (and only a sample) says its steekproefPercentage"
    return None


def tier_for(amount_cent: int, regime: list[dict[str, Any]]) -> dict[str, Any]:
    """The first tier whose upper bound (inclusive) holds the amount; the last one is open-ended."""
    for tier in regime:
        if tier.get("totEnMetCent") is None or amount_cent <= tier["totEnMetCent"]:
            return tier
    return regime[-1]


def draw(seed: str, percentage: int) -> tuple[bool, str]:
    """Whether `seed` falls in a sample of `percentage`%: SHA-256 of the seed read as a number, modulo 10,000, below
    percentage × 100. The same seed always draws the same; the digest is kept so anyone can redo it."""
    digest = hashlib.sha256(seed.encode()).hexdigest()
    return int(digest, 16) % 10_000 < percentage * 100, digest


def decide_form(
    amount_cent: int, regime: list[dict[str, Any]], *, seed: str
) -> tuple[Verantwoordingsvorm, dict[str, Any] | None]:
    """The form of account a grant of `amount_cent` owes, and the sample's record where one was drawn."""
    tier = tier_for(amount_cent, regime)
    form = Verantwoordingsvorm(tier["vorm"])
    if form is not V.STEEKPROEF:
        return form, None
    percentage = int(tier.get("steekproefPercentage") or 0)
    chosen, digest = draw(seed, percentage)
    record = {"percentage": percentage, "getrokken": chosen, "zaad": seed, "sha256": digest}
    return (V.ACTIVITEITENVERSLAG if chosen else V.GEEN), record


def report_due(form: str | None) -> bool:
    """Whether a grant under `form` owes a report (a grant from before the tiers: yes)."""
    return form is None or Verantwoordingsvorm(form) in REPORTED

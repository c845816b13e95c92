"""The subsidy rates a leader reads, defined once: how much of the allocated money was paid
out, and how much of it the units report as arrived.

Funds spent are reported by the units including their own and other funds (自筹), so
spent ÷ subsidy is no rate of anything (it reads 600–1,200% where units raised their own
money, and counts units that received nothing); spending is shown as an amount only.
The definitions, with a worked example, are in ``docs/money.md``.
"""

from __future__ import annotations

import pandas as pd


def rate(part: float | None, whole: float | None) -> float | None:
    """``part`` as a percentage of ``whole``; None when either is unknown or nothing is due."""
    if part is None or whole is None or pd.isna(part) or pd.isna(whole) or whole <= 0:
        return None
    return 100 * float(part) / float(whole)


def disbursement_rate(allocated: float | None, disbursed: float | None) -> float | None:
    """拨付率: disbursed ÷ allocated, for one recipient or a sum of recipients."""
    return rate(disbursed, allocated)


def receipt_rate(allocated: float | None, received: float | None) -> float | None:
    """到位率: subsidy the unit reports received ÷ subsidy allocated to it.

    None for a recipient that files no report (a county's own, 区县统筹, allocation).
    """
    return rate(received, allocated)


def total_receipt_rate(recipients: pd.DataFrame) -> float | None:
    """到位率 over the recipients that both were allocated money and report what arrived.

    A county's own allocation has no report, and a unit allocated nothing has nothing to
    receive: both are left out, so neither makes the rate look worse or better.
    """
    counted = recipients[(recipients["allocated"] > 0) & recipients["received"].notna()]
    return rate(counted["received"].sum(), counted["allocated"].sum()) if not counted.empty else None

"""The subsidy rates, worked out by hand (docs/money.md)."""

import pandas as pd

from oversight.money import disbursement_rate, receipt_rate, total_receipt_rate


def test_rates_of_one_recipient():
    assert disbursement_rate(40000.0, 25000.0) == 62.5
    assert receipt_rate(20000.0, 15000.0) == 75.0
    # Nothing allocated: no rate, rather than a division by zero or 0%.
    assert disbursement_rate(0.0, 0.0) is None
    # A county's own allocation files no report: unknown, not 0%.
    assert receipt_rate(100000.0, float("nan")) is None


def test_total_receipt_rate_counts_only_units_allocated_money_that_report():
    recipients = pd.DataFrame(
        {
            "allocated": [100000.0, 20000.0, 10000.0, 0.0],
            "received": [float("nan"), 15000.0, 10000.0, 0.0],
            "spent": [float("nan"), 90000.0, 60000.0, 30000.0],
        }
    )
    # The county's own 100,000 has no report and the last unit was allocated nothing:
    # (15,000 + 10,000) ÷ (20,000 + 10,000) = 83.3%.  Spent ÷ received over all units,
    # (90,000 + 60,000 + 30,000) ÷ 25,000 = 720%, is what the page no longer shows.
    assert round(total_receipt_rate(recipients), 1) == 83.3
    assert total_receipt_rate(recipients.iloc[[0, 3]]) is None

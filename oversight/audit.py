"""What the audit trail records: every kind of event, declared once.

Each write path records its event inside its own transaction (``data_access/audit.py``),
so a change and its audit row are stored together or not at all.  Each kind has an
``audit.kind.<code>`` message in every language, which the audit page shows.
"""

from __future__ import annotations

SIGN_INS = ("sign_in", "sign_in_failed", "sign_in_locked", "sign_out")
"""A sign-in that succeeded, one refused for a wrong password (or an unknown or disabled
user), one refused because the account was locked, and a sign-out."""

WRITES = (
    "report_submitted",
    "report_corrected",
    "stage_moved",
    "review_recorded",
    "naming_recorded",
    "renewal_recorded",
    "revocation_recorded",
    "setup_changed",
    "circular_issued",
    "method_stored",
)
"""Changes to the programme's data, one event per record written."""

USER_CHANGES = ("user_added", "user_disabled", "password_reset", "role_granted", "role_revoked")
"""Changes to users and their roles."""

KINDS = (*SIGN_INS, *WRITES, *USER_CHANGES)

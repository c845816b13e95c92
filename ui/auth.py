"""Who is signed in to this browser session, and the scope every read and write runs in.

The scope is read from the database on every run (``data_access.users.scope_of``), from
the username the sign-in stored in the session, never from the URL: a role granted or
taken away, or a user disabled, counts at the user's next click.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from data_access import users
from oversight.access import Scope
from ui import data

SESSION = "signed_in"
"""The session-state key of the :class:`Session` a sign-in leaves."""


@dataclass
class Session:
    """A signed-in session: the user and when it was last used (for the expiry)."""

    username: str
    last_seen: dt.datetime


def current_scope() -> Scope:
    """The signed-in user's scope; a session without a sign-in may see nothing."""
    session = st.session_state.get(SESSION)
    if session is None:
        return Scope("")
    return users.scope_of(data.engine(), session.username)

"""Who is signed in to this browser session, and the scope every read and write runs in.

Nothing of the programme is drawn before a sign-in: the frame (``ui/frame.py``) calls
:func:`signed_in` first, which draws the sign-in form and stops the run until a user has
signed in.  The scope is read from the database on every run (``data_access.users.scope_of``),
from the username the sign-in stored in the session, never from the URL: a role granted or
taken away, or a user disabled, counts at the user's next click.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from data_access import users
from data_access.audit import Event, record
from oversight.access import Scope
from oversight.i18n import DEFAULT_LANGUAGE, LANGUAGES, translate
from oversight.sign_in import expired
from ui import data

SESSION = "signed_in"
"""The session-state key of the :class:`Session` a sign-in leaves."""

SCOPE = "scope"
"""The session-state key of the scope :func:`signed_in` read for this run."""


@dataclass
class Session:
    """A signed-in session: the user and when it was last used (for the expiry)."""

    username: str
    last_seen: dt.datetime


def current_scope() -> Scope:
    """The scope :func:`signed_in` read at the start of this run; nothing without a sign-in."""
    return st.session_state.get(SCOPE) or Scope("")


def session_scope() -> Scope | None:
    """The signed-in user's scope, read for this run; None without a live session (an
    expired one is ended here, and the sign-in form will say why)."""
    now = dt.datetime.now()
    session = st.session_state.get(SESSION)
    if session is not None and expired(session.last_seen, now):
        _end(session.username, "expired", now)
        st.session_state["sign_in_notice"] = translate("auth.expired", _language())
        return None
    if session is None:
        return None
    session.last_seen = now
    scope = users.scope_of(data.engine(), session.username)
    st.session_state[SCOPE] = scope
    return scope


def _language() -> str:
    """The sign-in page's language: the link's, as the filters read it once signed in."""
    wanted = st.query_params.get("lang")
    return wanted if wanted in LANGUAGES else DEFAULT_LANGUAGE


def sign_in_form() -> None:
    """The sign-in page, in the link's language; a good password signs in and reruns."""
    lang = _language()
    st.set_page_config(
        page_title=translate("app.title", lang), page_icon=":material/shield:", layout="centered"
    )
    st.title(translate("app.title", lang))
    notice = st.session_state.pop("sign_in_notice", None)
    if notice:
        st.info(notice)
    with st.form("sign-in"):
        st.subheader(translate("auth.header", lang))
        username = st.text_input(translate("auth.username", lang), key="sign-in-user", max_chars=60)
        password = st.text_input(translate("auth.password", lang), type="password", key="sign-in-password")
        submitted = st.form_submit_button(translate("auth.submit", lang), type="primary")
    if not submitted:
        return
    now = dt.datetime.now()
    outcome = users.authenticate(data.engine(), username, password, now)
    if outcome.outcome == "ok":
        st.session_state[SESSION] = Session(outcome.username, now)
        st.rerun()
    if outcome.outcome == "locked":
        st.error(translate("auth.locked", lang, until=outcome.locked_until.strftime("%H:%M")))
    else:
        st.error(translate("auth.wrong", lang))


def sign_out_button(scope: Scope, lang: str) -> None:
    """The signed-in user's name in the sidebar, and the button that signs out."""
    st.sidebar.caption(translate("auth.signed_in_as", lang, user=scope.user))
    if st.sidebar.button(translate("auth.sign_out", lang), key="sign-out"):
        _end(scope.user, "signed_out", dt.datetime.now())
        st.session_state.clear()
        st.rerun()


def _end(username: str, reason: str, now: dt.datetime) -> None:
    """Record a session's end (a sign-out, or an expiry noticed at the next click)."""
    with data.engine().begin() as connection:
        record(connection, username, Event("sign_out", username, after={"reason": reason}), now)
    st.session_state.pop(SESSION, None)
    st.session_state.pop(SCOPE, None)

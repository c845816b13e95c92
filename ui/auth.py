"""Who is signed in to this browser session, and the scope every read and write runs in.

Nothing of the programme is drawn before a sign-in: the frame (``ui/frame.py``) calls
:func:`session_scope` first and, without a live session, draws :func:`sign_in_form` and
stops.  The scope is read from the database on every run (``data_access.users.scope_of``),
from the username the sign-in stored in the session, never from the URL: a role granted or
taken away, or a user disabled, counts at the user's next click.

A sign-in also starts a server-side session (``data_access/sessions.py``) whose token the
browser keeps in a cookie, so a reload or a new tab of the same browser, which Streamlit
gives a fresh session state, is still signed in.  Where an OIDC provider is configured
(the ``[auth]`` section of ``.streamlit/secrets.toml``), the page also offers Streamlit's
``st.login`` and maps the provider's e-mail to the app's user (docs/sign_in.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from data_access import sessions, users
from data_access.audit import Event, record
from oversight.access import Scope
from oversight.formatting import format_moment
from oversight.i18n import DEFAULT_LANGUAGE, LANGUAGES, translate
from oversight.sign_in import expired
from sample_data.accounts import DEMO_PASSWORD
from ui import data

SESSION = "signed_in"
"""The session-state key of the :class:`Session` a sign-in leaves."""

SCOPE = "scope"
"""The session-state key of the scope :func:`session_scope` read for this run."""

COOKIE = "oversight_session"
"""The cookie that holds a session's token in the browser (its hash is in ``app_session``)."""

_NOTICE = "sign-in-notice"
"""Why the sign-in page is shown again (expired, signed out), for its next run."""
_COOKIE_WRITE = "sign-in-cookie"
"""The cookie script still to send: a new token to keep, or "" to clear it."""


@dataclass
class Session:
    """A signed-in session: the user, when it was last used, the server-side session's
    token (None for one a test put in the session state) and how the user signed in
    (``password`` or ``oidc``, whose sign-out also signs out of the provider)."""

    username: str
    last_seen: dt.datetime
    token: str | None = None
    via: str = "password"


def now() -> dt.datetime:
    """The time every sign-in rule here reads: the one place a test moves the clock."""
    return dt.datetime.now().replace(microsecond=0)


def current_scope() -> Scope:
    """The scope :func:`session_scope` read at the start of this run; nothing without a sign-in."""
    return st.session_state.get(SCOPE) or Scope("")


def session_scope() -> Scope | None:
    """The signed-in user's scope, read for this run; None without a live session.

    The session is this browser session's, or else the one the browser's cookie names (a
    reload).  One that ran out is ended here, and the sign-in page says why.
    """
    moment = now()
    session = st.session_state.get(SESSION)
    if session is None:
        session = _resumed(moment)
    elif not _still_live(session, moment):
        session = None
    if session is None:
        return None
    session.last_seen = moment
    scope = users.scope_of(data.engine(), session.username)
    st.session_state[SCOPE] = scope
    return scope


def _resumed(moment: dt.datetime) -> Session | None:
    """The session the browser's cookie holds the token of, if it is still live."""
    token = browser_cookie()
    if not token:
        return None
    found = sessions.resume(data.engine(), token, moment)
    if found is None:
        return None
    if found.expired:
        st.session_state[_NOTICE] = "auth.expired"
        return None
    session = Session(found.username, moment, token)
    st.session_state[SESSION] = session
    return session


def browser_cookie() -> str | None:
    """The session token the browser sent with this session's first request, if any (a
    text: under AppTest, which has no browser, the cookies are a stand-in object)."""
    token = st.context.cookies.get(COOKIE)
    return token if isinstance(token, str) and token else None


def _still_live(session: Session, moment: dt.datetime) -> bool:
    """Whether this browser session's sign-in still holds: the server's row when it has
    one (ended by a sign-out in another tab, a disabled user, the expiry), else its own
    last click."""
    if session.token is not None:
        found = sessions.resume(data.engine(), session.token, moment)
        ran_out = found is not None and found.expired
        if found is not None and not ran_out:
            return True
    else:
        ran_out = expired(session.last_seen, moment)
        if not ran_out:
            return True
        sessions.end(data.engine(), None, session.username, "expired", moment)
    _forget()
    if ran_out:
        st.session_state[_NOTICE] = "auth.expired"
    if session.via == "oidc":
        st.session_state[_OIDC_ENDED] = True
    return False


def _forget() -> None:
    st.session_state.pop(SESSION, None)
    st.session_state.pop(SCOPE, None)
    st.session_state[_COOKIE_WRITE] = ""


def page_language() -> str:
    """The sign-in page's language: the link's (``?lang=``), as the filters read it once
    signed in, so the page after the sign-in speaks the same language."""
    wanted = st.query_params.get("lang")
    return wanted if wanted in LANGUAGES else DEFAULT_LANGUAGE


def sign_in_form() -> None:
    """The sign-in page: the app's name, a language switch, single sign-on where it is
    configured, the password form, and the demo accounts of a demo database."""
    lang = _language_switch()
    t = lambda key, **values: translate(key, lang, **values)  # noqa: E731
    st.set_page_config(page_title=t("app.title"), page_icon=":material/shield:", layout="centered")
    st.title(t("app.title"))
    write_cookie()
    notice = st.session_state.pop(_NOTICE, None)
    if notice:
        st.info(t(notice))
    auth = oidc_settings()
    if auth is not None and _oidc_sign_in(auth, lang):
        st.rerun()
    if auth is None or passwords_allowed():
        _password_form(lang)
    _demo_list(lang)


def _language_switch() -> str:
    """Two buttons, 中文 and English, above the form; the choice goes into the URL."""
    lang = page_language()
    label = " / ".join(translate("filter.language", code) for code in LANGUAGES)
    chosen = st.segmented_control(
        label,
        list(LANGUAGES),
        default=lang,
        format_func=LANGUAGES.__getitem__,
        key="sign-in-lang",
        label_visibility="collapsed",
    )
    if chosen and chosen != lang:
        st.query_params["lang"] = chosen
        return chosen
    return lang


def _password_form(lang: str) -> None:
    """Username and password, checked in the button's callback, which then empties the
    password box: the password is not kept in the session state after the attempt."""
    t = lambda key, **values: translate(key, lang, **values)  # noqa: E731
    with st.form("sign-in"):
        st.subheader(t("auth.header"))
        st.caption(t("sign_in.lead"))
        st.text_input(t("auth.username"), key="sign-in-user", max_chars=60)
        st.text_input(t("auth.password"), type="password", key="sign-in-password")
        st.form_submit_button(t("auth.submit"), type="primary", on_click=_attempt)
    refused = st.session_state.pop(_REFUSED, None)
    if refused is None:
        return
    outcome, until = refused
    if outcome == "locked":
        st.error(t("auth.locked", until=format_moment(until, lang, year=False)))
    else:
        st.error(t("auth.wrong"))


_REFUSED = "sign-in-refused"
"""The last attempt's refusal (``wrong``, or ``locked`` with the time it lifts), for the run
the attempt's callback leads to."""


def _attempt() -> None:
    moment = now()
    password = st.session_state.get("sign-in-password", "")
    st.session_state["sign-in-password"] = ""
    outcome = users.authenticate(data.engine(), st.session_state.get("sign-in-user", ""), password, moment)
    if outcome.outcome == "ok":
        _start(outcome.username, moment, "password")
    else:
        st.session_state[_REFUSED] = (outcome.outcome, outcome.locked_until)


def _start(username: str, moment: dt.datetime, via: str) -> None:
    """A new session for a user who has just signed in: its row, its cookie, and for a
    sign-in through the provider its ``sign_in`` audit row (a password's was written by
    ``users.authenticate``)."""
    with data.engine().begin() as connection:
        token = sessions.start(connection, username, moment)
        if via == "oidc":
            record(connection, username, Event("sign_in", username, after={"via": "oidc"}), moment)
    st.session_state[SESSION] = Session(username, moment, token, via)
    st.session_state[_COOKIE_WRITE] = token


def write_cookie() -> None:
    """Send the browser the cookie a sign-in started or a sign-out ended, once: the frame
    calls it in the first signed-in run (the sign-in's own run ends in a rerun, which
    would drop it), the sign-in page after a sign-out.  Set by a script because Streamlit
    answers over a websocket, which sets no cookie; ``Secure`` when served over https."""
    value = st.session_state.pop(_COOKIE_WRITE, None)
    if value is None:
        return
    secure = "; Secure" if (st.context.url or "").startswith("https:") else ""
    lasting = "" if value else "; Max-Age=0"
    st.html(
        f"<script>document.cookie = '{COOKIE}={value}; path=/; SameSite=Strict{lasting}{secure}';</script>",
        unsafe_allow_javascript=True,
    )


def _demo_list(lang: str) -> None:
    """The demo accounts, only for a database that holds them (the sample's)."""
    frame = demo_table(users.demo_accounts(data.engine()), lang)
    if frame.empty:
        return
    st.subheader(translate("sign_in.demo.header", lang))
    st.caption(translate("sign_in.demo.note", lang, password=DEMO_PASSWORD))
    st.dataframe(frame, hide_index=True, width="stretch")


def demo_table(accounts: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per demo account: its username, name, role and regions, in ``lang``."""
    t = lambda key: translate(key, lang)  # noqa: E731
    columns = [t(f"sign_in.demo.{key}") for key in ("account", "name", "role", "region")]
    if accounts.empty:
        return pd.DataFrame(columns=columns)
    rows = []
    for username, grants in accounts.groupby("username", sort=False):
        regions = grants["region_en"] if lang == "en" else grants["region_zh"]
        names = list(dict.fromkeys(regions.fillna(grants["region_zh"])))
        roles = list(dict.fromkeys(t(f"role.{role}") for role in grants["role"]))
        joined = "、" if lang == "zh" else ", "
        rows.append(
            [username, grants["display_name"].iloc[0] or username, joined.join(roles), joined.join(names)]
        )
    return pd.DataFrame(rows, columns=columns)


def user_box(scope: Scope, lang: str) -> None:
    """The sidebar's signed-in user: name, each role in its region, and the sign-out."""
    box = st.sidebar.container(border=True, key="user-box")
    box.markdown(f"**{_escaped(users.display_name(data.engine(), scope.user))}**")
    for line in role_lines(scope, lang):
        box.caption(line)
    box.button(
        translate("auth.sign_out", lang),
        key="sign-out",
        icon=":material/logout:",
        on_click=sign_out,
        args=(scope.user,),
    )


def role_lines(scope: Scope, lang: str) -> list[str]:
    """Each role of the scope with its regions: 区县安委办 · 长安区、桥东区 (one line per role,
    in the order the roles were granted)."""
    regions: dict[str, list[str]] = {}
    for grant in scope.grants:
        name = grant.region.name_en if lang == "en" and grant.region.name_en else grant.region.name_zh
        regions.setdefault(grant.role, []).append(name)
    joined = "、" if lang == "zh" else ", "
    return [
        translate("auth.role_in", lang, role=translate(f"role.{role}", lang), region=joined.join(names))
        for role, names in regions.items()
    ]


def _escaped(text: str) -> str:
    """A name typed by an administrator, shown as plain text in Markdown."""
    return "".join(f"\\{c}" if c in "\\`*_{}[]()#+-.!<>|~" else c for c in text)


def sign_out(username: str) -> None:
    """End this browser's session (its row, its cookie) with a ``sign_out`` audit row; a
    session through the provider also signs out there (``st.logout``).  The button's
    callback: it runs before the next run, whichever script that run starts with."""
    session = st.session_state.get(SESSION)
    sessions.end(data.engine(), session.token if session else None, username, "signed_out", now())
    st.session_state.clear()
    st.session_state[_NOTICE] = "sign_in.signed_out"
    st.session_state[_COOKIE_WRITE] = ""
    if session is not None and session.via == "oidc":
        st.logout()


# Single sign-on through an OIDC provider (Streamlit's st.login)

_OIDC_ENDED = "sign-in-oidc-ended"
"""Set when a provider's session ended here (expiry): the page then waits for a click on
the single sign-on button instead of signing the provider's user straight back in."""


def oidc_settings() -> Mapping[str, Any] | None:
    """The ``[auth]`` section of the secrets, when single sign-on is configured."""
    if not st.secrets.load_if_toml_exists():
        return None
    auth = st.secrets.get("auth")
    return auth if auth and (_has_client(auth) or oidc_provider(auth)) else None


def passwords_allowed() -> bool:
    """Whether the password form is offered beside single sign-on: yes, unless the secrets
    say ``[sign_in] passwords = false`` (docs/sign_in.md)."""
    return bool(st.secrets.get("sign_in", {}).get("passwords", True))


def oidc_provider(auth: Mapping[str, Any]) -> str | None:
    """The provider ``st.login`` is called with: the one ``[auth.NAME]`` section, or None
    for the settings written directly under ``[auth]``."""
    if _has_client(auth):
        return None
    named = [name for name, value in auth.items() if isinstance(value, Mapping) and _has_client(value)]
    return named[0] if named else None


def _has_client(section: Mapping[str, Any]) -> bool:
    return "client_id" in section


def _oidc_sign_in(auth: Mapping[str, Any], lang: str) -> bool:
    """The single sign-on button, or the provider's user mapped to the app's; True once a
    session has started."""
    t = lambda key, **values: translate(key, lang, **values)  # noqa: E731
    if st.user.is_logged_in and not st.session_state.get(_OIDC_ENDED):
        outcome = oidc_user(data.engine(), st.user.get("email"))
        if outcome.username is not None:
            _start(outcome.username, now(), "oidc")
            return True
        st.error(t(outcome.message, email=st.user.get("email")))
        if st.button(t("sign_in.oidc.sign_out"), key="sign-in-oidc-out"):
            st.logout()
        return False
    if st.button(t("sign_in.oidc.button"), key="sign-in-oidc", type="primary", icon=":material/badge:"):
        st.session_state.pop(_OIDC_ENDED, None)
        st.login(oidc_provider(auth))
    if passwords_allowed():
        st.caption(t("sign_in.oidc.or"))
    return False


@dataclass(frozen=True)
class OidcUser:
    """What the provider's e-mail maps to: the app's username, or the message that says
    why there is none."""

    username: str | None
    message: str = ""


def oidc_user(engine, email: str | None) -> OidcUser:
    """The enabled user with the provider's e-mail, or the refusal to show."""
    if not email:
        return OidcUser(None, "sign_in.oidc.no_email")
    username = users.user_by_email(engine, email)
    return OidcUser(username) if username else OidcUser(None, "sign_in.oidc.unknown")

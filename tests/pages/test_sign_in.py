"""The sign-in page under AppTest: the form, wrong passwords, the lock and when it lifts,
expiry, sign-out, a reload that finds its session by the cookie, the demo list, and
single sign-on mapped to the app's users.  The clock is ``ui.auth.now``, moved by hand."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from data_access import audit
from data_access.models import AppSession, AppUser
from data_access.regions import find_region
from data_access.users import add_user, disable_user, grant_role
from tests.pages.conftest import DASHBOARD, signed_in, url_of
from tests.signing import PASSWORD, ensure_tester, ensure_user
from ui import auth

T0 = dt.datetime(2026, 12, 5, 17, 27)
OVERVIEW_TITLE = "测试市 目标完成情况"


@pytest.fixture
def clock(monkeypatch):
    """``ui.auth.now`` at a time the test sets: ``clock.at = ...``."""
    state = SimpleNamespace(at=T0)
    monkeypatch.setattr(auth, "now", lambda: state.at)
    return state


@pytest.fixture
def app_of(programme_engine, monkeypatch):
    """A fresh browser session (AppTest) of the dashboard on the test programme."""
    monkeypatch.setenv("DATABASE_URL", url_of(programme_engine))

    def start(**query: str) -> AppTest:
        app = AppTest.from_file(DASHBOARD, default_timeout=60)
        for key, value in query.items():
            app.query_params[key] = value
        return app.run()

    return start


def _submit(app: AppTest) -> AppTest:
    (form_submit,) = [b for b in app.button if b.proto.is_form_submitter]
    return form_submit.click().run()


def _errors(app: AppTest) -> list[str]:
    return [e.value for e in app.error]


def _events(engine, kind: str) -> list[tuple]:
    frame = audit.events(engine, kinds=(kind,))
    return list(zip(frame["username"], frame["at"], frame["after"], strict=True))


def test_nothing_but_the_sign_in_page_before_a_sign_in(app_of):
    app = app_of()
    assert not app.exception
    assert app.title[0].value == "安全社区建设监管平台"
    assert [t.label for t in app.text_input] == ["用户名", "密码"]
    assert not app.sidebar.children or not app.sidebar.button
    assert auth.SESSION not in app.session_state


def test_the_sign_in_page_speaks_english_and_keeps_the_language_in_the_link(app_of):
    app = app_of()
    app.button_group(key="sign-in-lang").set_value("en").run()
    assert app.query_params["lang"] == "en"
    assert app.title[0].value == "Safe Community Oversight"
    assert [t.label for t in app.text_input] == ["Username", "Password"]


def test_a_wrong_password_an_unknown_user_and_a_disabled_one_read_the_same(programme_engine, app_of, clock):
    ensure_tester(programme_engine)
    ensure_user(programme_engine, "停用者", [])
    with programme_engine.begin() as connection:
        disable_user(connection, "停用者", "测试", T0)
    for username, password in (("tester", "not-the-password"), ("无此人", PASSWORD), ("停用者", PASSWORD)):
        app = _submit(_typed(app_of(), username, password))
        assert _errors(app) == ["用户名或密码不正确。"]
        assert auth.SESSION not in app.session_state
        # The form cleared itself: the password is not kept after the attempt.
        assert app.session_state["sign-in-password"] == ""
    failed = _events(programme_engine, "sign_in_failed")
    assert [row[0] for row in failed] == ["停用者", "无此人", "tester"]


def _typed(app: AppTest, username: str, password: str) -> AppTest:
    app.text_input(key="sign-in-user").input(username)
    app.text_input(key="sign-in-password").input(password)
    return app


def test_the_right_password_shows_the_overview_and_starts_a_server_session(programme_engine, app_of, clock):
    ensure_tester(programme_engine)
    app = _submit(_typed(app_of(), "tester", PASSWORD))
    assert not app.exception, [e.value for e in app.exception]
    assert app.title[0].value == OVERVIEW_TITLE
    session = app.session_state[auth.SESSION]
    assert (session.username, session.via) == ("tester", "password")
    with programme_engine.connect() as connection:
        row = connection.execute(select(AppSession)).one()
    assert (row.username, row.created_at, row.last_seen, row.ended_at) == ("tester", T0, T0, None)
    # Only the token's sha256 is stored, never the token the cookie holds.
    assert row.token_hash != session.token and len(row.token_hash) == 64
    assert [row[:2] for row in _events(programme_engine, "sign_in")] == [("tester", T0)]


def test_five_wrong_passwords_lock_until_a_time_the_page_names(programme_engine, app_of, clock):
    """Locked at 17:27 for 15 minutes: lifts at 17:42; the right password at 17:41 is
    refused, at 17:42 it signs in."""
    ensure_tester(programme_engine)
    app = app_of()
    for attempt in range(4):
        app = _submit(_typed(app, "tester", f"wrong-{attempt}"))
        assert _errors(app) == ["用户名或密码不正确。"]
    app = _submit(_typed(app, "tester", "wrong-5"))
    locked = "密码连续输错次数过多，账户已锁定，12月5日 17:42 后可再次登录。"
    assert _errors(app) == [locked]
    clock.at = dt.datetime(2026, 12, 5, 17, 41)
    app = _submit(_typed(app, "tester", PASSWORD))
    assert _errors(app) == [locked]
    assert auth.SESSION not in app.session_state
    clock.at = dt.datetime(2026, 12, 5, 17, 42)
    app = _submit(_typed(app, "tester", PASSWORD))
    assert app.title[0].value == OVERVIEW_TITLE


def test_the_lock_in_english_names_the_day_and_time(programme_engine, app_of, clock):
    ensure_tester(programme_engine)
    app = app_of(lang="en")
    for attempt in range(5):
        app = _submit(_typed(app, "tester", f"wrong-{attempt}"))
    assert _errors(app) == ["Too many wrong passwords: the account is locked until 5 Dec 17:42."]


def test_a_session_expires_thirty_minutes_after_its_last_click(programme_engine, app_of, clock):
    """Signed in at 17:27; a click at 17:56 (29 minutes) is still in; the next at 18:27
    (31 minutes after 17:56) finds the session ended, says why, and records it."""
    ensure_tester(programme_engine)
    app = _submit(_typed(app_of(), "tester", PASSWORD))
    clock.at = dt.datetime(2026, 12, 5, 17, 56)
    app.run()
    assert app.title[0].value == OVERVIEW_TITLE
    clock.at = dt.datetime(2026, 12, 5, 18, 27)
    app.run()
    assert [t.label for t in app.text_input] == ["用户名", "密码"]
    assert [i.value for i in app.info] == ["长时间未操作，已自动退出，请重新登录。"]
    assert auth.SESSION not in app.session_state
    assert _events(programme_engine, "sign_out") == [
        ("tester", dt.datetime(2026, 12, 5, 18, 27), '{"reason": "expired"}')
    ]
    with programme_engine.connect() as connection:
        assert connection.scalar(select(AppSession.ended_at)) == dt.datetime(2026, 12, 5, 18, 27)


def test_a_session_put_in_the_state_expires_by_its_own_last_click(programme_engine, monkeypatch, clock):
    """A session without a server row (as the page tests sign in): last seen 31 minutes
    ago, out; 29 minutes ago, in."""
    ensure_tester(programme_engine)
    monkeypatch.setenv("DATABASE_URL", url_of(programme_engine))
    app = AppTest.from_file(DASHBOARD, default_timeout=60)
    app.session_state[auth.SESSION] = auth.Session("tester", T0 - dt.timedelta(minutes=29))
    app.run()
    assert app.title[0].value == OVERVIEW_TITLE
    app = AppTest.from_file(DASHBOARD, default_timeout=60)
    app.session_state[auth.SESSION] = auth.Session("tester", T0 - dt.timedelta(minutes=31))
    app.run()
    assert [i.value for i in app.info] == ["长时间未操作，已自动退出，请重新登录。"]
    assert _events(programme_engine, "sign_out") == [("tester", T0, '{"reason": "expired"}')]


def test_sign_out_ends_the_session_and_shows_the_form(programme_engine, app_of, clock):
    ensure_tester(programme_engine)
    app = _submit(_typed(app_of(), "tester", PASSWORD))
    clock.at = dt.datetime(2026, 12, 5, 17, 30)
    app.sidebar.button(key="sign-out").click().run()
    assert [t.label for t in app.text_input] == ["用户名", "密码"]
    assert [i.value for i in app.info] == ["您已退出登录。"]
    assert auth.SESSION not in app.session_state
    assert _events(programme_engine, "sign_out") == [
        ("tester", dt.datetime(2026, 12, 5, 17, 30), '{"reason": "signed_out"}')
    ]
    with programme_engine.connect() as connection:
        assert connection.scalar(select(AppSession.ended_at)) == dt.datetime(2026, 12, 5, 17, 30)


def test_a_reload_finds_the_session_by_its_cookie(programme_engine, app_of, clock, monkeypatch):
    """A new browser session (a reload) sending the cookie is signed in; after the
    sign-out, or 31 minutes later, the same cookie signs no one in."""
    ensure_tester(programme_engine)
    first = _submit(_typed(app_of(), "tester", PASSWORD))
    token = first.session_state[auth.SESSION].token
    monkeypatch.setattr(auth, "browser_cookie", lambda: token)
    clock.at = dt.datetime(2026, 12, 5, 17, 50)
    reloaded = app_of()
    assert reloaded.title[0].value == OVERVIEW_TITLE
    clock.at = dt.datetime(2026, 12, 5, 18, 21)  # 31 minutes after the reload's click
    late = app_of()
    assert [i.value for i in late.info] == ["长时间未操作，已自动退出，请重新登录。"]
    assert app_of().text_input  # an ended session is never resumed
    assert [row[2] for row in _events(programme_engine, "sign_out")] == ['{"reason": "expired"}']


def test_a_disabled_users_session_ends_at_its_next_click(programme_engine, app_of, clock):
    ensure_tester(programme_engine)
    app = _submit(_typed(app_of(), "tester", PASSWORD))
    with programme_engine.begin() as connection:
        disable_user(connection, "tester", "测试", T0)
    app.run()
    assert [t.label for t in app.text_input] == ["用户名", "密码"]
    assert _events(programme_engine, "sign_out") == [("tester", T0, '{"reason": "disabled"}')]


def test_demo_accounts_are_listed_only_where_the_database_holds_them(programme_engine, app_of):
    ensure_tester(programme_engine)  # a user with roles, not a demo account
    assert not app_of().dataframe  # no demo account: no list
    with programme_engine.begin() as connection:
        add_user(connection, "county", PASSWORD, "示例数据", T0, display_name="演示·甲区安委办", demo=True)
        grant_role(connection, "county", "county", find_region(programme_engine, "D1"), "示例数据", T0)
    app = app_of()
    assert [s.value for s in app.subheader][-1] == "演示账户"
    assert "密码均为 demo123456。" in [c.value for c in app.caption][-1]  # sample_data/accounts.py
    (listed,) = app.dataframe
    assert listed.value.values.tolist() == [["county", "演示·甲区安委办", "区县安委办", "甲区"]]
    english = app_of(lang="en").dataframe[0].value
    assert english.columns.tolist() == ["Account", "Name", "Role", "Region"]
    assert english.values.tolist() == [["county", "演示·甲区安委办", "County office", "District One"]]


def test_the_sidebar_names_the_user_and_each_role_in_its_region(programme_engine, monkeypatch):
    ensure_user(programme_engine, "王芳", [("county", "D1"), ("county", "D2"), ("staff", "C")])
    with programme_engine.begin() as connection:
        connection.execute(AppUser.__table__.update().values(display_name="王芳（市局）"))
    monkeypatch.setenv("DATABASE_URL", url_of(programme_engine))
    app = signed_in(AppTest.from_file(DASHBOARD, default_timeout=60), "王芳").run()
    assert "**王芳（市局）**" in [m.value for m in app.sidebar.markdown]
    captions = [c.value for c in app.sidebar.caption]
    start = captions.index("区县安委办 · 甲区、乙区")
    assert captions[start : start + 2] == ["区县安委办 · 甲区、乙区", "市局工作人员 · 测试市"]


# Single sign-on: Streamlit's st.login, configured by an [auth] section of the secrets.

AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "a-test-secret",
    "client_id": "oversight",
    "client_secret": "a-test-client-secret",
    "server_metadata_url": "https://sso.example.gov.cn/.well-known/openid-configuration",
}


@pytest.fixture
def provider(monkeypatch):
    """st.login and st.logout recorded instead of redirecting to a provider."""
    import streamlit as st

    calls: list[tuple] = []
    monkeypatch.setattr(st, "login", lambda provider=None: calls.append(("login", provider)))
    monkeypatch.setattr(st, "logout", lambda: calls.append(("logout",)))
    return calls


def _with_sso(programme_engine, monkeypatch, secrets: dict, user: dict | None = None) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url_of(programme_engine))
    app = AppTest.from_file(DASHBOARD, default_timeout=60)
    app.secrets.update(secrets)
    app.user = user or {"is_logged_in": False}
    return app.run()


def test_single_sign_on_is_offered_beside_the_password_form(programme_engine, monkeypatch, provider):
    app = _with_sso(programme_engine, monkeypatch, {"auth": AUTH})
    assert [t.label for t in app.text_input] == ["用户名", "密码"]
    app.button(key="sign-in-oidc").click().run()
    assert provider == [("login", None)]


def test_a_named_provider_is_the_one_signed_in_with_and_passwords_can_be_turned_off(
    programme_engine, monkeypatch, provider
):
    secrets = {"auth": {"redirect_uri": AUTH["redirect_uri"], "cookie_secret": "s", "sso": AUTH}}
    app = _with_sso(programme_engine, monkeypatch, secrets | {"sign_in": {"passwords": False}})
    assert not app.text_input
    app.button(key="sign-in-oidc").click().run()
    assert provider == [("login", "sso")]


def test_the_providers_email_maps_to_the_apps_user_and_its_roles(
    programme_engine, monkeypatch, clock, provider
):
    ensure_tester(programme_engine)
    with programme_engine.begin() as connection:
        connection.execute(
            AppUser.__table__.update()
            .where(AppUser.username == "tester")
            .values(email="Tester@Example.gov.cn")
        )
    user = {"is_logged_in": True, "email": "tester@example.gov.cn"}
    app = _with_sso(programme_engine, monkeypatch, {"auth": AUTH}, user)
    assert not app.exception, [e.value for e in app.exception]
    assert app.title[0].value == OVERVIEW_TITLE
    assert app.session_state[auth.SESSION].via == "oidc"
    assert _events(programme_engine, "sign_in") == [("tester", T0, '{"via": "oidc"}')]
    app.sidebar.button(key="sign-out").click().run()
    assert provider == [("logout",)]
    assert [row[2] for row in _events(programme_engine, "sign_out")] == ['{"reason": "signed_out"}']


def test_an_email_no_user_holds_is_refused_with_what_to_ask_for(programme_engine, monkeypatch, provider):
    user = {"is_logged_in": True, "email": "nobody@example.gov.cn"}
    app = _with_sso(programme_engine, monkeypatch, {"auth": AUTH}, user)
    assert _errors(app) == [
        "统一身份认证账号 nobody@example.gov.cn 尚未开通本平台账户。请联系系统管理员添加："
        "python -m oversight user add 用户名 --role 角色 --region 地区 --email nobody@example.gov.cn"
    ]
    assert auth.SESSION not in app.session_state
    app.button(key="sign-in-oidc-out").click().run()
    assert provider == [("logout",)]

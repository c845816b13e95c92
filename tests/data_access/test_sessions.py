"""Server-side sessions on both databases: started, resumed by the token, expired by the
last click, ended by a sign-out or a disabled user, never resumed once ended."""

import datetime as dt

from sqlalchemy import select

from data_access import sessions
from data_access.audit import events
from data_access.models import AppSession
from data_access.users import add_user, disable_user

T0 = dt.datetime(2026, 12, 5, 9, 0)


def _started(engine, username: str = "王芳") -> str:
    with engine.begin() as connection:
        add_user(connection, username, "a-long-password", "测试", T0)
        return sessions.start(connection, username, T0)


def _reasons(engine) -> list[str]:
    return list(events(engine, kinds=("sign_out",))["after"])


def test_a_token_resumes_its_session_and_moves_its_last_click(engine):
    token = _started(engine)
    assert sessions.resume(engine, token, T0 + dt.timedelta(minutes=29)) == sessions.Resumed("王芳", False)
    # 30 minutes after the click at 9:29, not after the sign-in at 9:00.
    assert sessions.resume(engine, token, T0 + dt.timedelta(minutes=59)) == sessions.Resumed("王芳", False)
    with engine.connect() as connection:
        assert connection.scalar(select(AppSession.last_seen)) == dt.datetime(2026, 12, 5, 9, 59)
    assert sessions.resume(engine, "not-a-token", T0) is None


def test_a_session_runs_out_thirty_minutes_after_its_last_click_and_stays_ended(engine):
    token = _started(engine)
    late = T0 + dt.timedelta(minutes=31)
    assert sessions.resume(engine, token, late) == sessions.Resumed("王芳", True)
    assert sessions.resume(engine, token, late) is None
    assert _reasons(engine) == ['{"reason": "expired"}']
    with engine.connect() as connection:
        assert connection.scalar(select(AppSession.ended_at)) == late


def test_sign_out_ends_the_row_and_a_disabled_users_session_ends_at_its_next_click(engine):
    token = _started(engine)
    sessions.end(engine, token, "王芳", "signed_out", T0 + dt.timedelta(minutes=5))
    assert sessions.resume(engine, token, T0 + dt.timedelta(minutes=6)) is None
    other = _started(engine, "李四")
    with engine.begin() as connection:
        disable_user(connection, "李四", "测试", T0)
    assert sessions.resume(engine, other, T0 + dt.timedelta(minutes=1)) is None
    assert _reasons(engine) == ['{"reason": "signed_out"}', '{"reason": "disabled"}']  # newest first


def test_only_the_tokens_hash_is_stored(engine):
    token = _started(engine)
    with engine.connect() as connection:
        stored = connection.scalar(select(AppSession.token_hash))
    assert token not in stored and len(stored) == 64 and len(token) >= 43

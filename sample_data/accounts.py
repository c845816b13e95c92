"""The sample's demo accounts: one per role, over the three seed programmes' regions.

They exist only together with the sample data (``sample_data.ensure_sample`` and
``python -m oversight sample`` make both; a real deployment's database never holds them)
and are marked ``app_user.demo``, so the sign-in page can list them.  Their password is
the one documented below and in docs/access.md, hashed like any other.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, select

from data_access import users
from data_access.models import AppUser
from data_access.regions import find_region

DEMO_PASSWORD = "demo123456"
"""Every demo account's password (at least ``oversight.sign_in.MIN_PASSWORD_LENGTH`` long)."""

ADDED_BY = "示例数据"
"""Who the audit trail says made the demo accounts."""


@dataclass(frozen=True)
class DemoAccount:
    username: str
    display_name: str
    role: str
    region_codes: tuple[str, ...]


DEMO_ACCOUNTS = (
    DemoAccount("leader", "演示·市领导", "leader", ("640200", "130100", "510900")),
    DemoAccount("viewer", "演示·查看人员", "viewer", ("130100",)),
    DemoAccount("staff", "演示·市局工作人员", "staff", ("130100",)),
    DemoAccount("county", "演示·长安区安委办", "county", ("130102",)),
    DemoAccount("clerk", "演示·建北街道填报员", "clerk", ("130102001",)),
    DemoAccount("admin", "演示·系统管理员", "admin", ("640200", "130100", "510900")),
)
"""The leader and the administrator in each sample city (石嘴山市, 石家庄市, 遂宁市); a viewer
and bureau staff in 石家庄市; the county office of its 长安区, whose eight streets report;
the clerk of 建北街道, a pilot street of 长安区 that reports from the programme's first month."""


def add_demo_accounts(engine: Engine, now: dt.datetime | None = None) -> list[str]:
    """Create the demo accounts, each with its role in those of its regions the database
    holds (a single scenario loaded holds one city), in one transaction with their audit
    rows.  An account already there gets the grants it lacks; a user of the same name that
    is not a demo account is left alone.  Returns the usernames created."""
    now = now or dt.datetime.now().replace(microsecond=0)
    regions = {code: find_region(engine, code) for a in DEMO_ACCOUNTS for code in a.region_codes}
    created = []
    with engine.begin() as connection:
        for account in DEMO_ACCOUNTS:
            places = [regions[code] for code in account.region_codes if regions[code] is not None]
            if not places:
                continue
            demo = connection.scalar(select(AppUser.demo).where(AppUser.username == account.username))
            if demo is None:
                users.add_user(
                    connection,
                    account.username,
                    DEMO_PASSWORD,
                    ADDED_BY,
                    now,
                    display_name=account.display_name,
                    demo=True,
                )
                created.append(account.username)
            elif not demo:
                continue
            held = users.granted(connection, account.username)
            for place in places:
                if (account.role, place.id) not in held:
                    users.grant_role(connection, account.username, account.role, place, ADDED_BY, now)
    return created

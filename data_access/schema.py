"""Creating and upgrading the schema with Alembic, from Python rather than an ini file."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, func, insert, select

from data_access.database import read_rows
from data_access.models import DataVersion

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest revision (creates it in an empty database)."""
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def is_current(engine: Engine) -> bool:
    """Whether the database is at the newest revision, without changing it."""
    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision() == head


def initialise(engine: Engine) -> None:
    """Migrate to the newest schema and write the declared reference catalogue."""
    from data_access.reference import sync_reference

    upgrade(engine)
    sync_reference(engine)
    with engine.begin() as connection:
        if connection.scalar(select(func.count()).select_from(DataVersion)) == 0:
            connection.execute(
                insert(DataVersion).values(id=1, version=0, changed_at=func.current_timestamp())
            )


def data_version(engine: Engine) -> int:
    """The write counter; caches key on it so a report written anywhere shows at once."""
    return versions(engine)[0]


def versions(engine: Engine) -> tuple[int, int]:
    """The write counter and the reference counter, read together in one row."""
    rows = read_rows(engine, select(DataVersion.version, DataVersion.reference_version))
    return (rows[0].version, rows[0].reference_version) if rows else (0, 0)

"""Alembic environment: migrates the connection handed over by ``data_access.schema``."""

from alembic import context

from data_access.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()

"""Alembic's environment: runs the migrations on the engine `scheduler.store.db.upgrade` hands over."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import scheduler.store.models  # noqa: F401  (registers the tables on SQLModel.metadata)

target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    """Migrate over a connection of the engine given in the configuration's attributes."""
    engine = context.config.attributes["engine"]
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata,
                          render_as_batch=connection.dialect.name == "sqlite")
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()

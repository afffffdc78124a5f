"""Alembic migrations of the store, shipped inside the package (see `scheduler.store.db.upgrade`)."""

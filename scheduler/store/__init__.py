"""Persistence (DESIGN §4): offices, accounts, uploads, people/sites/shifts, schedules, jobs and the audit log.

SQLModel tables in `models`, engines and sessions in `db` (SQLite by default, PostgreSQL through
`DATABASE_URL`), Alembic migrations in `migrations/`. Knows nothing of Flask: the web and the CLI both call it.
"""

"""Alembic environment: runs migrations on the connection Hirehound hands it (see hirehound.db.migrate)."""

from __future__ import annotations

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:  # `alembic` run by hand: use the configured server
    from hirehound.db.engine import get_engine

    engine = get_engine(migrate=False)
    with engine.connect() as conn:
        context.configure(connection=conn, transaction_per_migration=True)
        with context.begin_transaction():
            context.run_migrations()
        conn.commit()
else:
    context.configure(connection=connection, transaction_per_migration=True)
    with context.begin_transaction():
        context.run_migrations()

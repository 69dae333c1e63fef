-- Rollback of version 0010_events_related_gin (SQLite), frozen: undoes Prefect's Alembic
-- revision bbca16f6f218, back to revision bbca16f6f218.

UPDATE alembic_version SET version_num = 'bbca16f6f218';

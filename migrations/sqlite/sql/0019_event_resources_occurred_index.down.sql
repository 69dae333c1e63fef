-- Rollback of version 0019_event_resources_occurred_index (SQLite), frozen: undoes Prefect's Alembic
-- revision 79e7a60e43d8, back to revision 2095de406cbe.

DROP INDEX IF EXISTS ix_event_resources__occurred;
UPDATE alembic_version SET version_num = '2095de406cbe';

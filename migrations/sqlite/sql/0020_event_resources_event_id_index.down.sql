-- Rollback of version 0020_event_resources_event_id_index (SQLite), frozen: undoes Prefect's Alembic
-- revision 14806cb26270, back to revision 79e7a60e43d8.

DROP INDEX IF EXISTS ix_event_resources__event_id;
UPDATE alembic_version SET version_num = '79e7a60e43d8';

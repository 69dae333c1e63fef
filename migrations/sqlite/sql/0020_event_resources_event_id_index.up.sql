-- Version 0020_event_resources_event_id_index (SQLite), frozen: Prefect's Alembic revision 14806cb26270
-- (Prefect 3.8.0): adds ix_event_resources__event_id.
-- Never edit this file: later schema changes are new versions. Statements
-- end with a semicolon at the end of a line.
-- alembic: 14806cb26270

CREATE INDEX IF NOT EXISTS ix_event_resources__event_id ON event_resources (event_id);
UPDATE alembic_version SET version_num = '14806cb26270';

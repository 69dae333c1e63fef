-- Version 0019_event_resources_occurred_index (SQLite), frozen: Prefect's Alembic revision 79e7a60e43d8
-- (Prefect 3.7.5): adds ix_event_resources__occurred.
-- Never edit this file: later schema changes are new versions. Statements
-- end with a semicolon at the end of a line.
-- alembic: 79e7a60e43d8

CREATE INDEX IF NOT EXISTS ix_event_resources__occurred ON event_resources (occurred);
UPDATE alembic_version SET version_num = '79e7a60e43d8';

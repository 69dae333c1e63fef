-- Version 0024_prefectorm_retention_indexes (SQLite), frozen: prefectorm's own indexes, not
-- Prefect's (the Alembic head stays 3.8.3's, alembic_version is left alone). Partial indexes
-- of the set values of three nullable foreign-key columns that are NULL in almost every row:
-- after ANALYZE, SQLite's planner sees Prefect's plain index of such a column as one key of
-- all rows and scans the whole table instead, once per deleted parent row, in the ON DELETE
-- SET NULL actions (deleting a task run scans flow_run for its subflow runs, deleting an
-- artifact scans flow_run_state and task_run_state) and in dialects.Vacuum's subflow lookup.
-- These indexes hold only the rows that have a value, so they stay selective.
-- Never edit this file: later schema changes are new versions. Statements
-- end with a semicolon at the end of a line.
-- alembic: 14806cb26270
-- prefectorm: own-index

CREATE INDEX IF NOT EXISTS prefectorm_ix_flow_run__parent_task_run_id_set ON flow_run (parent_task_run_id) WHERE parent_task_run_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS prefectorm_ix_flow_run_state__result_artifact_id_set ON flow_run_state (result_artifact_id) WHERE result_artifact_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS prefectorm_ix_task_run_state__result_artifact_id_set ON task_run_state (result_artifact_id) WHERE result_artifact_id IS NOT NULL;

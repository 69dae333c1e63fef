-- Rollback of version 0024_prefectorm_retention_indexes (SQLite), frozen: drops prefectorm's
-- retention indexes; alembic_version was never changed by the up script.

DROP INDEX IF EXISTS prefectorm_ix_task_run_state__result_artifact_id_set;
DROP INDEX IF EXISTS prefectorm_ix_flow_run_state__result_artifact_id_set;
DROP INDEX IF EXISTS prefectorm_ix_flow_run__parent_task_run_id_set;

-- Rollback of version 0021_prefectorm_sort_indexes (SQLite), frozen: drops
-- prefectorm's sort indexes; alembic_version is left as it is.

DROP INDEX IF EXISTS prefectorm_ix_block_document__block_type_name_name_id;
DROP INDEX IF EXISTS prefectorm_ix_artifact__key_id;
DROP INDEX IF EXISTS prefectorm_ix_artifact_collection__created_id;
DROP INDEX IF EXISTS prefectorm_ix_artifact__created_id;
DROP INDEX IF EXISTS prefectorm_ix_deployment__name_id;
DROP INDEX IF EXISTS prefectorm_ix_task_run__next_scheduled_start_time_id;
DROP INDEX IF EXISTS prefectorm_ix_task_run__end_time_id;
DROP INDEX IF EXISTS prefectorm_ix_flow_run__next_scheduled_start_time_id;
DROP INDEX IF EXISTS prefectorm_ix_flow_run__end_time_id;
DROP INDEX IF EXISTS prefectorm_ix_flow_run__coalesce_start_expected_start_id;

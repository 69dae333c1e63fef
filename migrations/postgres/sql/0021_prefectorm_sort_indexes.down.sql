-- Rollback of version 0021_prefectorm_sort_indexes (PostgreSQL), frozen:
-- drops prefectorm's sort indexes; alembic_version is left as it is.
-- Runs outside a transaction, like the up script (see its header).

DROP INDEX CONCURRENTLY IF EXISTS prefectorm_ix_block_document__block_type_name_c_name_c_id;
DROP INDEX CONCURRENTLY IF EXISTS prefectorm_ix_block_document__name_c_id;
DROP INDEX CONCURRENTLY IF EXISTS prefectorm_ix_artifact_collection__key_c_id;
DROP INDEX CONCURRENTLY IF EXISTS prefectorm_ix_artifact_collection__created_id;
DROP INDEX CONCURRENTLY IF EXISTS prefectorm_ix_artifact__key_c_id;
DROP INDEX CONCURRENTLY IF EXISTS prefectorm_ix_artifact__created_id;
DROP INDEX CONCURRENTLY IF EXISTS prefectorm_ix_deployment__name_c_id;
DROP INDEX CONCURRENTLY IF EXISTS prefectorm_ix_flow__name_c_id;
DROP INDEX CONCURRENTLY IF EXISTS prefectorm_ix_task_run__name_c_id;
DROP INDEX CONCURRENTLY IF EXISTS prefectorm_ix_task_run__next_scheduled_start_time_id;
DROP INDEX CONCURRENTLY IF EXISTS prefectorm_ix_task_run__coalesce_end_time_desc_id_desc;
DROP INDEX CONCURRENTLY IF EXISTS prefectorm_ix_flow_run__name_c_id;
DROP INDEX CONCURRENTLY IF EXISTS prefectorm_ix_flow_run__next_scheduled_start_time_id;
DROP INDEX CONCURRENTLY IF EXISTS prefectorm_ix_flow_run__coalesce_end_time_desc_id_desc;

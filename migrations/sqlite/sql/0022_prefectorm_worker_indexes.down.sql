-- Rollback of version 0022_prefectorm_worker_indexes (SQLite), frozen: drops prefectorm's own
-- worker indexes; the Alembic revision is untouched.

DROP INDEX IF EXISTS prefectorm_ix_deployment__ready_last_polled;
DROP INDEX IF EXISTS prefectorm_ix_flow_run__active_subflows;
DROP INDEX IF EXISTS prefectorm_ix_flow_run__late_candidates;
DROP INDEX IF EXISTS prefectorm_ix_flow_run__work_queue_name_active;
DROP INDEX IF EXISTS prefectorm_ix_flow_run__work_queue_name_scheduled;
DROP INDEX IF EXISTS prefectorm_ix_flow_run__work_queue_id_active;
DROP INDEX IF EXISTS prefectorm_ix_flow_run__work_queue_id_scheduled;

-- Version 0022_prefectorm_worker_indexes (PostgreSQL), frozen: prefectorm's own indexes, not an Alembic
-- revision, built CONCURRENTLY outside a transaction, one idempotent statement
-- at a time (the runner drops an INVALID index a killed run left).
-- prefectorm's own indexes of the worker and services hot paths (package
-- dialects: PollWorkPool, WorkQueueRuns, LateRunsToMark/MarkLateRuns,
-- SubflowRunsToCancel, the foreman's StaleDeployments). Prefect's schema
-- has none of them; a Prefect server sharing the database ignores them.
-- The Alembic revision stays Prefect's head: no alembic_version update.
-- Never edit this file: later schema changes are new versions. Statements
-- end with a semicolon at the end of a line.
-- alembic: 50737cdaee36
-- prefectorm: no-transaction
-- prefectorm: own-index

CREATE INDEX CONCURRENTLY IF NOT EXISTS prefectorm_ix_flow_run__work_queue_id_scheduled ON flow_run (work_queue_id, next_scheduled_start_time, id) WHERE state_type = 'SCHEDULED';
CREATE INDEX CONCURRENTLY IF NOT EXISTS prefectorm_ix_flow_run__work_queue_id_active ON flow_run (work_queue_id) WHERE state_type IN ('RUNNING', 'PENDING');
CREATE INDEX CONCURRENTLY IF NOT EXISTS prefectorm_ix_flow_run__work_queue_name_scheduled ON flow_run (work_queue_name, next_scheduled_start_time, id) WHERE state_type = 'SCHEDULED';
CREATE INDEX CONCURRENTLY IF NOT EXISTS prefectorm_ix_flow_run__work_queue_name_active ON flow_run (work_queue_name) WHERE state_type IN ('RUNNING', 'PENDING', 'CANCELLING');
CREATE INDEX CONCURRENTLY IF NOT EXISTS prefectorm_ix_flow_run__late_candidates ON flow_run (next_scheduled_start_time, id) WHERE state_type = 'SCHEDULED' AND state_name = 'Scheduled';
CREATE INDEX CONCURRENTLY IF NOT EXISTS prefectorm_ix_flow_run__active_subflows ON flow_run (id) WHERE parent_task_run_id IS NOT NULL AND state_type IN ('PENDING', 'SCHEDULED', 'RUNNING', 'PAUSED', 'CANCELLING');
CREATE INDEX CONCURRENTLY IF NOT EXISTS prefectorm_ix_deployment__ready_last_polled ON deployment (last_polled) WHERE status = 'READY';

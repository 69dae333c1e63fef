-- Version 0023_prefectorm_ui_indexes (PostgreSQL), frozen: prefectorm's own indexes for the UI's
-- read paths (dialects.NextRunsByFlow, RecentFlowRuns, CountFlowRuns, CountFlowRunsByState,
-- PaginateFlowRuns by deployment,
-- ReadEvents by primary resource). Prefect's schema lacks them; a Prefect server sharing the
-- database never uses or touches them. It writes no Alembic revision: the header carries
-- Prefect 3.8.3's head, which the database keeps.
-- Built CONCURRENTLY, outside a transaction, one idempotent statement at a time, so that a
-- run killed half way is finished by running it again (the runner drops an INVALID index
-- left by such a run first).
-- Never edit this file: later schema changes are new versions. Statements
-- end with a semicolon at the end of a line.
-- alembic: 50737cdaee36
-- prefectorm: no-transaction
-- prefectorm: own-index

CREATE INDEX CONCURRENTLY IF NOT EXISTS prefectorm_ix_flow_run__flow_id_next_scheduled_start_time ON flow_run (flow_id, next_scheduled_start_time, id) WHERE state_type = 'SCHEDULED';
CREATE INDEX CONCURRENTLY IF NOT EXISTS prefectorm_ix_flow_run__state_type_start_time ON flow_run (state_type, start_time, id);
CREATE INDEX CONCURRENTLY IF NOT EXISTS prefectorm_ix_flow_run__deployment_id_start_time ON flow_run (deployment_id, COALESCE(start_time, expected_start_time), id);
CREATE INDEX CONCURRENTLY IF NOT EXISTS prefectorm_ix_events__resource_id_occurred ON events (resource_id, occurred, id);

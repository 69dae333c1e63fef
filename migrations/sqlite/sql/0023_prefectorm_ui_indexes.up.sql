-- Version 0023_prefectorm_ui_indexes (SQLite), frozen: prefectorm's own indexes for the UI's
-- read paths (dialects.NextRunsByFlow, RecentFlowRuns, CountFlowRuns, CountFlowRunsByState,
-- PaginateFlowRuns by deployment,
-- ReadEvents by primary resource). Prefect's schema lacks them; a Prefect server sharing the
-- database never uses or touches them. It writes no Alembic revision: the header carries
-- Prefect 3.8.3's head, which the database keeps.
-- Never edit this file: later schema changes are new versions. Statements
-- end with a semicolon at the end of a line.
-- alembic: 14806cb26270
-- prefectorm: own-index

CREATE INDEX IF NOT EXISTS prefectorm_ix_flow_run__flow_id_next_scheduled_start_time ON flow_run (flow_id, next_scheduled_start_time, id) WHERE state_type = 'SCHEDULED';
CREATE INDEX IF NOT EXISTS prefectorm_ix_flow_run__state_type_start_time ON flow_run (state_type, start_time, id);
CREATE INDEX IF NOT EXISTS prefectorm_ix_flow_run__deployment_id_start_time ON flow_run (deployment_id, COALESCE(start_time, expected_start_time), id);
CREATE INDEX IF NOT EXISTS prefectorm_ix_events__resource_id_occurred ON events (resource_id, occurred, id);

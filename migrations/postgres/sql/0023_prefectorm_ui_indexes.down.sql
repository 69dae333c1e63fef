-- Rollback of version 0023_prefectorm_ui_indexes (PostgreSQL), frozen: drops prefectorm's own
-- UI indexes. The Alembic revision is untouched (the up script wrote none).
-- Runs outside a transaction, like the up script (see its header).

DROP INDEX CONCURRENTLY IF EXISTS prefectorm_ix_events__resource_id_occurred;
DROP INDEX CONCURRENTLY IF EXISTS prefectorm_ix_flow_run__deployment_id_start_time;
DROP INDEX CONCURRENTLY IF EXISTS prefectorm_ix_flow_run__state_type_start_time;
DROP INDEX CONCURRENTLY IF EXISTS prefectorm_ix_flow_run__flow_id_next_scheduled_start_time;

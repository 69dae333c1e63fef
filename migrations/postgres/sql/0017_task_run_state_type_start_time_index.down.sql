-- Rollback of version 0017_task_run_state_type_start_time_index (PostgreSQL), frozen: undoes Prefect's
-- Alembic revision 09a9e091e578, back to revision a1b2c3d4e5f6.
-- Runs outside a transaction, like the up script (see its header).

DROP INDEX CONCURRENTLY IF EXISTS ix_task_run__state_type_start_time;
UPDATE alembic_version SET version_num = 'a1b2c3d4e5f6';

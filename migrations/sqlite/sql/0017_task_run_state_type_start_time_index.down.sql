-- Rollback of version 0017_task_run_state_type_start_time_index (SQLite), frozen: undoes Prefect's Alembic
-- revision 4dfa692e02a7, back to revision a1b2c3d4e5f7.

DROP INDEX IF EXISTS ix_task_run__state_type_start_time;
UPDATE alembic_version SET version_num = 'a1b2c3d4e5f7';

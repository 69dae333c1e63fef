-- Rollback of version 0016_flow_run_schedule_id_scheduler_index (SQLite), frozen: undoes Prefect's Alembic
-- revision a1b2c3d4e5f7, back to revision 9e83011d1f2a.

DROP INDEX IF EXISTS ix_flow_run__schedule_id_scheduler;
UPDATE alembic_version SET version_num = '9e83011d1f2a';

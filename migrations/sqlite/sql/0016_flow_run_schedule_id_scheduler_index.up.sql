-- Version 0016_flow_run_schedule_id_scheduler_index (SQLite), frozen: Prefect's Alembic revision a1b2c3d4e5f7
-- (Prefect 3.6.19): adds the scheduler's expression index ix_flow_run__schedule_id_scheduler.
-- Never edit this file: later schema changes are new versions. Statements
-- end with a semicolon at the end of a line.
-- alembic: a1b2c3d4e5f7

CREATE INDEX IF NOT EXISTS ix_flow_run__schedule_id_scheduler
	ON flow_run (deployment_id, json_extract(created_by, '$.id'), next_scheduled_start_time)
	WHERE state_type = 'SCHEDULED' AND auto_scheduled = 1;
UPDATE alembic_version SET version_num = 'a1b2c3d4e5f7';

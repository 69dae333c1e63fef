-- Version 0016_flow_run_schedule_id_scheduler_index (PostgreSQL), frozen: Prefect's Alembic revision a1b2c3d4e5f6
-- (Prefect 3.6.19): adds the scheduler's expression index
-- ix_flow_run__schedule_id_scheduler. Built CONCURRENTLY, as Prefect does.
-- It runs outside a transaction (CREATE INDEX CONCURRENTLY does not block
-- writes), one statement at a time, each of them idempotent, so that a run
-- killed half way is finished by running it again. The runner drops an
-- INVALID index left by such a run before running it again.
-- Never edit this file: later schema changes are new versions. Statements
-- end with a semicolon at the end of a line.
-- alembic: a1b2c3d4e5f6
-- prefectorm: no-transaction

CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_flow_run__schedule_id_scheduler
	ON flow_run (deployment_id, (created_by->>'id'), next_scheduled_start_time)
	WHERE state_type = 'SCHEDULED' AND auto_scheduled = true;
UPDATE alembic_version SET version_num = 'a1b2c3d4e5f6';

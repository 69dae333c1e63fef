-- Version 0017_task_run_state_type_start_time_index (PostgreSQL), frozen: Prefect's Alembic revision 09a9e091e578
-- (Prefect 3.6.21): adds ix_task_run__state_type_start_time. Built CONCURRENTLY, as Prefect does.
-- It runs outside a transaction (CREATE INDEX CONCURRENTLY does not block
-- writes), one statement at a time, each of them idempotent, so that a run
-- killed half way is finished by running it again. The runner drops an
-- INVALID index left by such a run before running it again.
-- Never edit this file: later schema changes are new versions. Statements
-- end with a semicolon at the end of a line.
-- alembic: 09a9e091e578
-- prefectorm: no-transaction

CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_task_run__state_type_start_time ON task_run (state_type, start_time);
UPDATE alembic_version SET version_num = '09a9e091e578';

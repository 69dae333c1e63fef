-- Version 0017_task_run_state_type_start_time_index (SQLite), frozen: Prefect's Alembic revision 4dfa692e02a7
-- (Prefect 3.6.21): adds ix_task_run__state_type_start_time.
-- Never edit this file: later schema changes are new versions. Statements
-- end with a semicolon at the end of a line.
-- alembic: 4dfa692e02a7

CREATE INDEX IF NOT EXISTS ix_task_run__state_type_start_time ON task_run (state_type, start_time);
UPDATE alembic_version SET version_num = '4dfa692e02a7';

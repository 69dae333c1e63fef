-- Version 0014_drop_task_run_state_id_fk (PostgreSQL), frozen: Prefect's Alembic revision 3b86c5ea017a
-- (Prefect 3.4.7): drops the foreign key task_run.state_id →
-- task_run_state (ix_task_run__state_id stays).
-- Never edit this file: later schema changes are new versions. Statements
-- end with a semicolon at the end of a line.
-- alembic: 3b86c5ea017a

ALTER TABLE task_run DROP CONSTRAINT fk_task_run__state_id__task_run_state;
UPDATE alembic_version SET version_num = '3b86c5ea017a';

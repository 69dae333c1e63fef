-- Rollback of version 0014_drop_task_run_state_id_fk (PostgreSQL), frozen: undoes Prefect's
-- Alembic revision 3b86c5ea017a, back to revision aa1234567890.

-- As Prefect's downgrade: null the state ids that point nowhere, then add
-- the foreign key back.
UPDATE task_run
SET state_id = NULL
WHERE state_id IS NOT NULL
	AND NOT EXISTS (SELECT 1 FROM task_run_state WHERE task_run_state.id = task_run.state_id);
ALTER TABLE "task_run" ADD CONSTRAINT "fk_task_run__state_id__task_run_state" FOREIGN KEY("state_id") REFERENCES "task_run_state" ("id") ON DELETE SET NULL;
UPDATE alembic_version SET version_num = 'aa1234567890';

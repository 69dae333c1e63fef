-- Rollback of version 0006_deployment_schedule_parameters (SQLite), frozen: undoes Prefect's Alembic
-- revision 67f886da208e, back to revision a49711513ad4.

ALTER TABLE deployment_schedule DROP COLUMN parameters;
UPDATE alembic_version SET version_num = 'a49711513ad4';

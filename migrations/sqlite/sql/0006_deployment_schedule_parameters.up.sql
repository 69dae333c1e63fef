-- Version 0006_deployment_schedule_parameters (SQLite), frozen: Prefect's Alembic revision 67f886da208e
-- (Prefect 3.2.0): adds deployment_schedule.parameters.
-- Never edit this file: later schema changes are new versions. Statements
-- end with a semicolon at the end of a line.
-- alembic: 67f886da208e

ALTER TABLE deployment_schedule ADD COLUMN parameters JSON DEFAULT '{}' NOT NULL;
UPDATE alembic_version SET version_num = '67f886da208e';

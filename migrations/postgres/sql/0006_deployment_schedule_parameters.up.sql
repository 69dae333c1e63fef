-- Version 0006_deployment_schedule_parameters (PostgreSQL), frozen: Prefect's Alembic revision c163acd7e8e3
-- (Prefect 3.2.0): adds deployment_schedule.parameters.
-- Never edit this file: later schema changes are new versions. Statements
-- end with a semicolon at the end of a line.
-- alembic: c163acd7e8e3

ALTER TABLE deployment_schedule ADD COLUMN parameters JSONB DEFAULT '{}' NOT NULL;
UPDATE alembic_version SET version_num = 'c163acd7e8e3';

-- Rollback of version 0006_deployment_schedule_parameters (PostgreSQL), frozen: undoes Prefect's
-- Alembic revision c163acd7e8e3, back to revision 5d03c01be85e.

ALTER TABLE deployment_schedule DROP COLUMN parameters;
UPDATE alembic_version SET version_num = '5d03c01be85e';

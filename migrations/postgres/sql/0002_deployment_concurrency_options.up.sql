-- Version 0002_deployment_concurrency_options (PostgreSQL), frozen: Prefect's Alembic revision 555ed31b284d
-- (Prefect 3.0.3): adds deployment.concurrency_options.
-- Never edit this file: later schema changes are new versions. Statements
-- end with a semicolon at the end of a line.
-- alembic: 555ed31b284d

ALTER TABLE deployment ADD COLUMN concurrency_options JSONB;
UPDATE alembic_version SET version_num = '555ed31b284d';

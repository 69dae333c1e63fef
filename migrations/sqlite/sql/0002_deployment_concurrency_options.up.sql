-- Version 0002_deployment_concurrency_options (SQLite), frozen: Prefect's Alembic revision 7d6350aea855
-- (Prefect 3.0.3): adds deployment.concurrency_options.
-- Never edit this file: later schema changes are new versions. Statements
-- end with a semicolon at the end of a line.
-- alembic: 7d6350aea855

ALTER TABLE deployment ADD COLUMN concurrency_options JSON;
UPDATE alembic_version SET version_num = '7d6350aea855';

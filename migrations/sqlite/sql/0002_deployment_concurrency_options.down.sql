-- Rollback of version 0002_deployment_concurrency_options (SQLite), frozen: undoes Prefect's Alembic
-- revision 7d6350aea855, back to revision f93e1439f022.

ALTER TABLE deployment DROP COLUMN concurrency_options;
UPDATE alembic_version SET version_num = 'f93e1439f022';

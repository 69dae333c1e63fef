-- Rollback of version 0009_deployment_version (SQLite), frozen: undoes Prefect's Alembic
-- revision bbca16f6f218, back to revision 3457c6ca2360.

DROP INDEX ix_deployment__version_id;
ALTER TABLE deployment DROP COLUMN version_id;
DROP TABLE deployment_version;
UPDATE alembic_version SET version_num = '3457c6ca2360';

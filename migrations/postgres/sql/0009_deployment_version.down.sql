-- Rollback of version 0009_deployment_version (PostgreSQL), frozen: undoes Prefect's
-- Alembic revision 06b7c293bc69, back to revision b5f5644500d2.

DROP INDEX ix_deployment__version_id;
ALTER TABLE deployment DROP COLUMN version_id;
DROP TABLE deployment_version;
UPDATE alembic_version SET version_num = 'b5f5644500d2';

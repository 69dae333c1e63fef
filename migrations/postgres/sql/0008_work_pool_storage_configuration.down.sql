-- Rollback of version 0008_work_pool_storage_configuration (PostgreSQL), frozen: undoes Prefect's
-- Alembic revision b5f5644500d2, back to revision a03d00b8e275.

ALTER TABLE work_pool DROP COLUMN storage_configuration;
UPDATE alembic_version SET version_num = 'a03d00b8e275';

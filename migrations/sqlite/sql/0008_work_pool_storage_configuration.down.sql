-- Rollback of version 0008_work_pool_storage_configuration (SQLite), frozen: undoes Prefect's Alembic
-- revision 3457c6ca2360, back to revision 07ecde74d74d.

ALTER TABLE work_pool DROP COLUMN storage_configuration;
UPDATE alembic_version SET version_num = '07ecde74d74d';

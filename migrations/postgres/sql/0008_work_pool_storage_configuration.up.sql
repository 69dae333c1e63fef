-- Version 0008_work_pool_storage_configuration (PostgreSQL), frozen: Prefect's Alembic revision b5f5644500d2
-- (Prefect 3.2.14): adds work_pool.storage_configuration.
-- Never edit this file: later schema changes are new versions. Statements
-- end with a semicolon at the end of a line.
-- alembic: b5f5644500d2

ALTER TABLE work_pool ADD COLUMN storage_configuration JSONB DEFAULT '{}' NOT NULL;
UPDATE alembic_version SET version_num = 'b5f5644500d2';

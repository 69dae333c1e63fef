-- Version 0008_work_pool_storage_configuration (SQLite), frozen: Prefect's Alembic revision 3457c6ca2360
-- (Prefect 3.2.14): adds work_pool.storage_configuration.
-- Never edit this file: later schema changes are new versions. Statements
-- end with a semicolon at the end of a line.
-- alembic: 3457c6ca2360

ALTER TABLE work_pool ADD COLUMN storage_configuration JSON DEFAULT '{}' NOT NULL;
UPDATE alembic_version SET version_num = '3457c6ca2360';

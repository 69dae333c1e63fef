-- Rollback of version 0007_deployment_schedule_slug (PostgreSQL), frozen: undoes Prefect's
-- Alembic revision a03d00b8e275, back to revision c163acd7e8e3.
-- Runs outside a transaction, like the up script (see its header).

DROP INDEX CONCURRENTLY IF EXISTS ix_deployment_schedule__deployment_id__slug;
DROP INDEX CONCURRENTLY IF EXISTS ix_deployment_schedule__slug;
ALTER TABLE deployment_schedule DROP COLUMN IF EXISTS slug;
UPDATE alembic_version SET version_num = 'c163acd7e8e3';

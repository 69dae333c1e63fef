-- Rollback of version 0007_deployment_schedule_slug (SQLite), frozen: undoes Prefect's Alembic
-- revision 07ecde74d74d, back to revision 67f886da208e.

DROP INDEX IF EXISTS ix_deployment_schedule__deployment_id__slug;
DROP INDEX IF EXISTS ix_deployment_schedule__slug;
ALTER TABLE deployment_schedule DROP COLUMN slug;
UPDATE alembic_version SET version_num = '67f886da208e';

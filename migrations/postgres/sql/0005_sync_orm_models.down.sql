-- Rollback of version 0005_sync_orm_models (PostgreSQL), frozen: undoes Prefect's
-- Alembic revision 5d03c01be85e, back to revision 68a44144428d.

-- The dropped columns come back empty (their defaults), as in Prefect's
-- downgrade.
CREATE INDEX "ix_flow_run__deployment_id" ON "flow_run" ("deployment_id");
ALTER TABLE deployment_schedule ADD COLUMN max_active_runs INTEGER;
ALTER TABLE deployment_schedule ADD COLUMN catchup BOOLEAN DEFAULT false NOT NULL;
ALTER TABLE deployment ADD COLUMN flow_data JSONB;
ALTER TABLE deployment ADD COLUMN is_schedule_active BOOLEAN DEFAULT true NOT NULL;
ALTER TABLE deployment ADD COLUMN manifest_path VARCHAR;
ALTER TABLE deployment ADD COLUMN schedule JSONB;
DROP INDEX ix_artifact_collection__updated;
ALTER TABLE artifact_collection ALTER COLUMN latest_id DROP NOT NULL;
UPDATE alembic_version SET version_num = '68a44144428d';

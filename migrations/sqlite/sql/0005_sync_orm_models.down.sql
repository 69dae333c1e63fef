-- Rollback of version 0005_sync_orm_models (SQLite), frozen: undoes Prefect's Alembic
-- revision a49711513ad4, back to revision 5952a5498b51.

-- The dropped columns come back empty (their defaults), as in Prefect's
-- downgrade. The indexes come back exactly as in Prefect 3.0.
DROP INDEX ix_flow_run__scheduler_deployment_id_auto_scheduled_next_schedu;
CREATE INDEX "ix_flow_run__deployment_id" ON "flow_run" ("deployment_id");
ALTER TABLE deployment_schedule ADD COLUMN max_active_runs INTEGER;
ALTER TABLE deployment_schedule ADD COLUMN catchup BOOLEAN DEFAULT '0' NOT NULL;
ALTER TABLE deployment ADD COLUMN schedule JSON;
ALTER TABLE deployment ADD COLUMN is_schedule_active BOOLEAN DEFAULT '1' NOT NULL;
ALTER TABLE deployment ADD COLUMN flow_data JSON;
ALTER TABLE deployment ADD COLUMN manifest_path VARCHAR;
DROP INDEX ix_block_document__block_type_name__name;
CREATE INDEX ix_block_document__block_type_name_name ON block_document (block_type_name, name);
DROP INDEX ix_artifact__key_created_desc;
CREATE INDEX ix_artifact__key_created_desc ON artifact_collection (key, created DESC);
DROP INDEX ix_artifact_collection__updated;
UPDATE alembic_version SET version_num = '5952a5498b51';

-- Version 0005_sync_orm_models (PostgreSQL), frozen: Prefect's Alembic revision 5d03c01be85e
-- (Prefect 3.1.6): makes artifact_collection.latest_id NOT NULL,
-- adds ix_artifact_collection__updated, drops the unused deployment and
-- deployment_schedule columns and ix_flow_run__deployment_id. A collection
-- without latest_id gets the id of the latest artifact of its key (Prefect
-- writes a random id that points to no artifact); only a collection whose
-- key has no artifact left gets a random id, as in Prefect.
-- Never edit this file: later schema changes are new versions. Statements
-- end with a semicolon at the end of a line.
-- alembic: 5d03c01be85e

UPDATE artifact_collection
SET latest_id = COALESCE(
	(SELECT a.id FROM artifact a WHERE a.key = artifact_collection.key ORDER BY a.created DESC, a.id DESC LIMIT 1),
	gen_random_uuid()
)
WHERE latest_id IS NULL;
ALTER TABLE artifact_collection ALTER COLUMN latest_id SET NOT NULL;
CREATE INDEX ix_artifact_collection__updated ON artifact_collection (updated);
ALTER TABLE deployment DROP COLUMN schedule;
ALTER TABLE deployment DROP COLUMN is_schedule_active;
ALTER TABLE deployment DROP COLUMN flow_data;
DROP INDEX ix_flow_run__deployment_id;
ALTER TABLE deployment DROP COLUMN manifest_path;
ALTER TABLE deployment_schedule DROP COLUMN catchup;
ALTER TABLE deployment_schedule DROP COLUMN max_active_runs;
UPDATE alembic_version SET version_num = '5d03c01be85e';

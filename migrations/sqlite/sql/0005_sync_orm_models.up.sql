-- Version 0005_sync_orm_models (SQLite), frozen: Prefect's Alembic revision a49711513ad4
-- (Prefect 3.1.6): drops the unused deployment and
-- deployment_schedule columns, moves ix_artifact__key_created_desc to
-- artifact, adds ix_artifact_collection__updated, renames
-- ix_block_document__block_type_name_name and replaces ix_flow_run__deployment_id
-- with the scheduler's partial index. ALTER TABLE DROP COLUMN removes the
-- columns in place, keeping every index, where Prefect's batch operations
-- rebuild deployment and deployment_schedule.
-- Never edit this file: later schema changes are new versions. Statements
-- end with a semicolon at the end of a line.
-- alembic: a49711513ad4

CREATE INDEX ix_artifact_collection__updated ON artifact_collection (updated);
DROP INDEX ix_artifact__key_created_desc;
CREATE INDEX ix_artifact__key_created_desc ON artifact ("key", created DESC);
DROP INDEX ix_block_document__block_type_name_name;
CREATE INDEX ix_block_document__block_type_name__name ON block_document (block_type_name, name);
ALTER TABLE deployment DROP COLUMN schedule;
ALTER TABLE deployment DROP COLUMN is_schedule_active;
ALTER TABLE deployment DROP COLUMN flow_data;
ALTER TABLE deployment DROP COLUMN manifest_path;
ALTER TABLE deployment_schedule DROP COLUMN catchup;
ALTER TABLE deployment_schedule DROP COLUMN max_active_runs;
DROP INDEX ix_flow_run__deployment_id;
CREATE INDEX ix_flow_run__scheduler_deployment_id_auto_scheduled_next_schedu ON flow_run (deployment_id, auto_scheduled, next_scheduled_start_time) WHERE state_type = 'SCHEDULED';
UPDATE alembic_version SET version_num = 'a49711513ad4';

-- Version 0003_deployment_concurrency_limit_id (SQLite), frozen: Prefect's Alembic revision 4ad4658cbefe
-- (Prefect 3.0.3): adds deployment.concurrency_limit_id with its foreign key to
-- concurrency_limit_v2 and fills it from the deployment's
-- 'deployment:<id>' limit. ALTER TABLE ADD COLUMN with a REFERENCES
-- clause adds the column in place, where Prefect's batch operation rebuilds
-- the table.
-- Never edit this file: later schema changes are new versions. Statements
-- end with a semicolon at the end of a line.
-- alembic: 4ad4658cbefe

ALTER TABLE deployment ADD COLUMN concurrency_limit_id CHAR(36) CONSTRAINT fk_deployment__concurrency_limit_id__concurrency_limit_v2 REFERENCES concurrency_limit_v2 (id) ON DELETE SET NULL;
UPDATE deployment
SET concurrency_limit_id = (
	SELECT l.id FROM concurrency_limit_v2 l WHERE l.name = 'deployment:' || deployment.id
)
WHERE EXISTS (
	SELECT 1 FROM concurrency_limit_v2 l WHERE l.name = 'deployment:' || deployment.id
);
UPDATE alembic_version SET version_num = '4ad4658cbefe';

-- Version 0003_deployment_concurrency_limit_id (PostgreSQL), frozen: Prefect's Alembic revision eaec5004771f
-- (Prefect 3.0.3): adds deployment.concurrency_limit_id with its foreign key to
-- concurrency_limit_v2 and fills it from the deployment's
-- 'deployment:<id>' limit.
-- Never edit this file: later schema changes are new versions. Statements
-- end with a semicolon at the end of a line.
-- alembic: eaec5004771f

ALTER TABLE deployment ADD COLUMN concurrency_limit_id UUID;
ALTER TABLE deployment ADD CONSTRAINT fk_deployment__concurrency_limit_id__concurrency_limit_v2 FOREIGN KEY (concurrency_limit_id) REFERENCES concurrency_limit_v2 (id) ON DELETE SET NULL;
UPDATE deployment
SET concurrency_limit_id = l.id
FROM concurrency_limit_v2 l
WHERE l.name = 'deployment:' || deployment.id::text;
UPDATE alembic_version SET version_num = 'eaec5004771f';

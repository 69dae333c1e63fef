-- Version 0007_deployment_schedule_slug (PostgreSQL), frozen: Prefect's Alembic revision a03d00b8e275
-- (Prefect 3.2.0): adds deployment_schedule.slug, its index and the
-- partial unique index on (deployment_id, slug), built CONCURRENTLY as
-- Prefect does.
-- It runs outside a transaction (CREATE INDEX CONCURRENTLY does not block
-- writes), one statement at a time, each of them idempotent, so that a run
-- killed half way is finished by running it again. The runner drops an
-- INVALID index left by such a run before running it again.
-- Never edit this file: later schema changes are new versions. Statements
-- end with a semicolon at the end of a line.
-- alembic: a03d00b8e275
-- prefectorm: no-transaction

ALTER TABLE deployment_schedule ADD COLUMN IF NOT EXISTS slug VARCHAR;
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_deployment_schedule__slug ON deployment_schedule (slug);
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ix_deployment_schedule__deployment_id__slug
	ON deployment_schedule (deployment_id, slug)
	WHERE slug IS NOT NULL;
UPDATE alembic_version SET version_num = 'a03d00b8e275';

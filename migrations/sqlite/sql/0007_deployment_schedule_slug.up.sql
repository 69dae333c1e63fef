-- Version 0007_deployment_schedule_slug (SQLite), frozen: Prefect's Alembic revision 07ecde74d74d
-- (Prefect 3.2.0): adds deployment_schedule.slug, its index and the
-- partial unique index on (deployment_id, slug).
-- Never edit this file: later schema changes are new versions. Statements
-- end with a semicolon at the end of a line.
-- alembic: 07ecde74d74d

ALTER TABLE deployment_schedule ADD COLUMN slug VARCHAR;
CREATE INDEX IF NOT EXISTS ix_deployment_schedule__slug ON deployment_schedule (slug);
CREATE UNIQUE INDEX IF NOT EXISTS ix_deployment_schedule__deployment_id__slug
	ON deployment_schedule (deployment_id, slug)
	WHERE slug IS NOT NULL;
UPDATE alembic_version SET version_num = '07ecde74d74d';

-- Version 0013_automation_tags (PostgreSQL), frozen: Prefect's Alembic revision aa1234567890
-- (Prefect 3.4.7): adds automation.tags.
-- Never edit this file: later schema changes are new versions. Statements
-- end with a semicolon at the end of a line.
-- alembic: aa1234567890

ALTER TABLE automation ADD COLUMN tags JSONB DEFAULT '[]' NOT NULL;
UPDATE alembic_version SET version_num = 'aa1234567890';

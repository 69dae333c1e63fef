-- Version 0013_automation_tags (SQLite), frozen: Prefect's Alembic revision bb2345678901
-- (Prefect 3.4.7): adds automation.tags.
-- Never edit this file: later schema changes are new versions. Statements
-- end with a semicolon at the end of a line.
-- alembic: bb2345678901

ALTER TABLE automation ADD COLUMN tags JSON DEFAULT '[]' NOT NULL;
UPDATE alembic_version SET version_num = 'bb2345678901';

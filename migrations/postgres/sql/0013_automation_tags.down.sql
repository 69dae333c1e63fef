-- Rollback of version 0013_automation_tags (PostgreSQL), frozen: undoes Prefect's
-- Alembic revision aa1234567890, back to revision 1c9bb7f78263.

ALTER TABLE automation DROP COLUMN tags;
UPDATE alembic_version SET version_num = '1c9bb7f78263';

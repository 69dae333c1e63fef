-- Rollback of version 0013_automation_tags (SQLite), frozen: undoes Prefect's Alembic
-- revision bb2345678901, back to revision 3c841a1800a1.

ALTER TABLE automation DROP COLUMN tags;
UPDATE alembic_version SET version_num = '3c841a1800a1';

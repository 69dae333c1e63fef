-- Rollback of version 0004_labels (PostgreSQL), frozen: undoes Prefect's
-- Alembic revision 68a44144428d, back to revision eaec5004771f.

ALTER TABLE task_run DROP COLUMN labels;
ALTER TABLE flow_run DROP COLUMN labels;
ALTER TABLE flow DROP COLUMN labels;
ALTER TABLE deployment DROP COLUMN labels;
UPDATE alembic_version SET version_num = 'eaec5004771f';

-- Rollback of version 0004_labels (SQLite), frozen: undoes Prefect's Alembic
-- revision 5952a5498b51, back to revision 4ad4658cbefe.

ALTER TABLE task_run DROP COLUMN labels;
ALTER TABLE flow_run DROP COLUMN labels;
ALTER TABLE flow DROP COLUMN labels;
ALTER TABLE deployment DROP COLUMN labels;
UPDATE alembic_version SET version_num = '4ad4658cbefe';

-- Version 0004_labels (PostgreSQL), frozen: Prefect's Alembic revision 68a44144428d
-- (Prefect 3.1.5): adds labels to deployment, flow, flow_run and task_run.
-- Never edit this file: later schema changes are new versions. Statements
-- end with a semicolon at the end of a line.
-- alembic: 68a44144428d

ALTER TABLE deployment ADD COLUMN labels JSONB;
ALTER TABLE flow ADD COLUMN labels JSONB;
ALTER TABLE flow_run ADD COLUMN labels JSONB;
ALTER TABLE task_run ADD COLUMN labels JSONB;
UPDATE alembic_version SET version_num = '68a44144428d';

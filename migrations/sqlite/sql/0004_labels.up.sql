-- Version 0004_labels (SQLite), frozen: Prefect's Alembic revision 5952a5498b51
-- (Prefect 3.1.5): adds labels to deployment, flow, flow_run and task_run.
-- Never edit this file: later schema changes are new versions. Statements
-- end with a semicolon at the end of a line.
-- alembic: 5952a5498b51

ALTER TABLE deployment ADD COLUMN labels JSON;
ALTER TABLE flow ADD COLUMN labels JSON;
ALTER TABLE flow_run ADD COLUMN labels JSON;
ALTER TABLE task_run ADD COLUMN labels JSON;
UPDATE alembic_version SET version_num = '5952a5498b51';

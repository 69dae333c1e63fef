-- Rollback of version 0003_deployment_concurrency_limit_id (PostgreSQL), frozen: undoes Prefect's
-- Alembic revision eaec5004771f, back to revision 555ed31b284d.

ALTER TABLE deployment DROP CONSTRAINT fk_deployment__concurrency_limit_id__concurrency_limit_v2;
ALTER TABLE deployment DROP COLUMN concurrency_limit_id;
UPDATE alembic_version SET version_num = '555ed31b284d';

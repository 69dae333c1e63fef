-- Rollback of version 0002_deployment_concurrency_options (PostgreSQL), frozen: undoes Prefect's
-- Alembic revision 555ed31b284d, back to revision 97429116795e.

ALTER TABLE deployment DROP COLUMN concurrency_options;
UPDATE alembic_version SET version_num = '97429116795e';

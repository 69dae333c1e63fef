-- Rollback of version 0019_event_resources_occurred_index (PostgreSQL), frozen: undoes Prefect's
-- Alembic revision bad1e352c597, back to revision 7218aad17905.
-- Runs outside a transaction, like the up script (see its header).

DROP INDEX CONCURRENTLY IF EXISTS ix_event_resources__occurred;
UPDATE alembic_version SET version_num = '7218aad17905';

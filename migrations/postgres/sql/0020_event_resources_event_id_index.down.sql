-- Rollback of version 0020_event_resources_event_id_index (PostgreSQL), frozen: undoes Prefect's
-- Alembic revision 50737cdaee36, back to revision bad1e352c597.
-- Runs outside a transaction, like the up script (see its header).

DROP INDEX CONCURRENTLY IF EXISTS ix_event_resources__event_id;
UPDATE alembic_version SET version_num = 'bad1e352c597';

-- Rollback of version 0010_events_related_gin (PostgreSQL), frozen: undoes Prefect's
-- Alembic revision 7a73514ca2d6, back to revision 06b7c293bc69.
-- Runs outside a transaction, like the up script (see its header).

CREATE INDEX CONCURRENTLY IF NOT EXISTS "ix_events__event_related_occurred" ON "events" ("event", "related", "occurred");
CREATE INDEX CONCURRENTLY IF NOT EXISTS "ix_events__related_resource_ids" ON "events" ("related_resource_ids");
DROP INDEX CONCURRENTLY IF EXISTS ix_events__related_gin;
DROP INDEX CONCURRENTLY IF EXISTS ix_events__event_occurred;
DROP INDEX CONCURRENTLY IF EXISTS ix_events__related_resource_ids_gin;
UPDATE alembic_version SET version_num = '06b7c293bc69';

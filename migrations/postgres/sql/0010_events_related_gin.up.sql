-- Version 0010_events_related_gin (PostgreSQL), frozen: Prefect's Alembic revision 7a73514ca2d6
-- (Prefect 3.3.4): replaces the events indexes
-- ix_events__event_related_occurred and ix_events__related_resource_ids
-- with GIN indexes on related and related_resource_ids and
-- ix_events__event_occurred. Prefect builds them without CONCURRENTLY,
-- blocking writes to events, usually the largest table, for the whole
-- build: this version builds them CONCURRENTLY, the new ones before
-- dropping the old ones, so that queries keep an index throughout.
-- It runs outside a transaction (CREATE INDEX CONCURRENTLY does not block
-- writes), one statement at a time, each of them idempotent, so that a run
-- killed half way is finished by running it again. The runner drops an
-- INVALID index left by such a run before running it again.
-- Never edit this file: later schema changes are new versions. Statements
-- end with a semicolon at the end of a line.
-- alembic: 7a73514ca2d6
-- prefectorm: no-transaction

CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_events__related_gin ON events USING gin (related);
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_events__event_occurred ON events (event, occurred);
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_events__related_resource_ids_gin ON events USING gin (related_resource_ids);
DROP INDEX CONCURRENTLY IF EXISTS ix_events__event_related_occurred;
DROP INDEX CONCURRENTLY IF EXISTS ix_events__related_resource_ids;
UPDATE alembic_version SET version_num = '7a73514ca2d6';

-- Version 0020_event_resources_event_id_index (PostgreSQL), frozen: Prefect's Alembic revision 50737cdaee36
-- (Prefect 3.8.0): adds ix_event_resources__event_id. Built CONCURRENTLY, as Prefect does.
-- It runs outside a transaction (CREATE INDEX CONCURRENTLY does not block
-- writes), one statement at a time, each of them idempotent, so that a run
-- killed half way is finished by running it again. The runner drops an
-- INVALID index left by such a run before running it again.
-- Never edit this file: later schema changes are new versions. Statements
-- end with a semicolon at the end of a line.
-- alembic: 50737cdaee36
-- prefectorm: no-transaction

CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_event_resources__event_id ON event_resources (event_id);
UPDATE alembic_version SET version_num = '50737cdaee36';

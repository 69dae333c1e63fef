-- Version 0019_event_resources_occurred_index (PostgreSQL), frozen: Prefect's Alembic revision bad1e352c597
-- (Prefect 3.7.5): adds ix_event_resources__occurred. Built CONCURRENTLY, as Prefect does.
-- It runs outside a transaction (CREATE INDEX CONCURRENTLY does not block
-- writes), one statement at a time, each of them idempotent, so that a run
-- killed half way is finished by running it again. The runner drops an
-- INVALID index left by such a run before running it again.
-- Never edit this file: later schema changes are new versions. Statements
-- end with a semicolon at the end of a line.
-- alembic: bad1e352c597
-- prefectorm: no-transaction

CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_event_resources__occurred ON event_resources (occurred);
UPDATE alembic_version SET version_num = 'bad1e352c597';

-- Version 0015_concurrency_limits_v1_to_v2 (PostgreSQL), frozen: Prefect's Alembic revision 9e83011d1f2a
-- (Prefect 3.4.19): copies every V1 concurrency limit into
-- concurrency_limit_v2 (same id, name 'tag:<tag>', active_slots the number
-- of held slots, 600 s average occupancy, no decay), skipping a tag whose
-- V2 limit exists, then deletes the V1 rows. Prefect also creates one lease
-- per held slot in its lease storage, which lives outside the database:
-- this version creates no lease.
-- Never edit this file: later schema changes are new versions. Statements
-- end with a semicolon at the end of a line.
-- alembic: 9e83011d1f2a

INSERT INTO concurrency_limit_v2 (id, name, "limit", active, active_slots, denied_slots, slot_decay_per_second, avg_slot_occupancy_seconds, created, updated)
SELECT c.id, 'tag:' || c.tag, c.concurrency_limit, true,
	CASE WHEN jsonb_typeof(c.active_slots) = 'array' THEN jsonb_array_length(c.active_slots) ELSE 0 END,
	0, 0.0, 600.0, c.created, c.updated
FROM concurrency_limit c
WHERE NOT EXISTS (SELECT 1 FROM concurrency_limit_v2 v WHERE v.name = 'tag:' || c.tag);
DELETE FROM concurrency_limit;
UPDATE alembic_version SET version_num = '9e83011d1f2a';

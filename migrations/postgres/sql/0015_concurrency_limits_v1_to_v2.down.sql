-- Rollback of version 0015_concurrency_limits_v1_to_v2 (PostgreSQL), frozen: undoes Prefect's
-- Alembic revision 9e83011d1f2a, back to revision 3b86c5ea017a.

-- As Prefect's downgrade: every 'tag:' V2 limit becomes a V1 limit again
-- (same id). The held slots are not recovered (Prefect reads them from its
-- lease storage): active_slots is '[]'.
INSERT INTO concurrency_limit (id, tag, concurrency_limit, active_slots, created, updated)
SELECT id, substr(name, 5), "limit", '[]', created, updated
FROM concurrency_limit_v2
WHERE name LIKE 'tag:%';
DELETE FROM concurrency_limit_v2 WHERE name LIKE 'tag:%';
UPDATE alembic_version SET version_num = '3b86c5ea017a';

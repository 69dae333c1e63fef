-- Version 0010_events_related_gin (SQLite), frozen: Prefect's Alembic revision bbca16f6f218
-- (no SQLite revision): none. This version stands for PostgreSQL's
-- 7a73514ca2d6 (the events indexes), which has no SQLite counterpart, so
-- that version numbers stay aligned across dialects. It leaves the
-- revision of the previous version.
-- Never edit this file: later schema changes are new versions. Statements
-- end with a semicolon at the end of a line.
-- alembic: bbca16f6f218

UPDATE alembic_version SET version_num = 'bbca16f6f218';

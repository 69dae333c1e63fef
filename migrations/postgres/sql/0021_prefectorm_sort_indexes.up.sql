-- Version 0021_prefectorm_sort_indexes (PostgreSQL), frozen: prefectorm's
-- own indexes (not Prefect's) for the sorts of models/sort.go, so that a
-- LIMIT page of every sort of a large table reads an index instead of
-- sorting the table: each ends with id, the sorts' tie-breaker, and the
-- name and key indexes are COLLATE "C", the sorts' bytewise order (an index
-- of the database's collation cannot serve it). The end_time indexes are
-- on COALESCE(end_time, 'infinity'), the expression END_TIME_DESC renders
-- (the order of end_time DESC NULLS FIRST, which no row stores infinity
-- to disturb), so that the planner cannot pick Prefect's one-column
-- ix_*__end_time_desc and sort the NULLs of every unfinished run by id.
-- A Prefect server sharing
-- the database ignores them; alembic_version keeps Prefect's head.
-- It runs outside a transaction (CREATE INDEX CONCURRENTLY does not block
-- writes), one statement at a time, each of them idempotent, so that a run
-- killed half way is finished by running it again. The runner drops an
-- INVALID index left by such a run before running it again.
-- Never edit this file: later schema changes are new versions. Statements
-- end with a semicolon at the end of a line.
-- alembic: 50737cdaee36
-- prefectorm: no-transaction
-- prefectorm: own-index

CREATE INDEX CONCURRENTLY IF NOT EXISTS prefectorm_ix_flow_run__coalesce_end_time_desc_id_desc ON flow_run ((COALESCE(end_time, 'infinity'::timestamptz)) DESC, id DESC);
CREATE INDEX CONCURRENTLY IF NOT EXISTS prefectorm_ix_flow_run__next_scheduled_start_time_id ON flow_run (next_scheduled_start_time, id);
CREATE INDEX CONCURRENTLY IF NOT EXISTS prefectorm_ix_flow_run__name_c_id ON flow_run (name COLLATE "C", id);
CREATE INDEX CONCURRENTLY IF NOT EXISTS prefectorm_ix_task_run__coalesce_end_time_desc_id_desc ON task_run ((COALESCE(end_time, 'infinity'::timestamptz)) DESC, id DESC);
CREATE INDEX CONCURRENTLY IF NOT EXISTS prefectorm_ix_task_run__next_scheduled_start_time_id ON task_run (next_scheduled_start_time, id);
CREATE INDEX CONCURRENTLY IF NOT EXISTS prefectorm_ix_task_run__name_c_id ON task_run (name COLLATE "C", id);
CREATE INDEX CONCURRENTLY IF NOT EXISTS prefectorm_ix_flow__name_c_id ON flow (name COLLATE "C", id);
CREATE INDEX CONCURRENTLY IF NOT EXISTS prefectorm_ix_deployment__name_c_id ON deployment (name COLLATE "C", id);
CREATE INDEX CONCURRENTLY IF NOT EXISTS prefectorm_ix_artifact__created_id ON artifact (created, id);
CREATE INDEX CONCURRENTLY IF NOT EXISTS prefectorm_ix_artifact__key_c_id ON artifact (key COLLATE "C", id);
CREATE INDEX CONCURRENTLY IF NOT EXISTS prefectorm_ix_artifact_collection__created_id ON artifact_collection (created, id);
CREATE INDEX CONCURRENTLY IF NOT EXISTS prefectorm_ix_artifact_collection__key_c_id ON artifact_collection (key COLLATE "C", id);
CREATE INDEX CONCURRENTLY IF NOT EXISTS prefectorm_ix_block_document__name_c_id ON block_document (name COLLATE "C", id);
CREATE INDEX CONCURRENTLY IF NOT EXISTS prefectorm_ix_block_document__block_type_name_c_name_c_id ON block_document (block_type_name COLLATE "C", name COLLATE "C", id);

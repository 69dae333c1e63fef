-- Version 0021_prefectorm_sort_indexes (SQLite), frozen: prefectorm's own
-- indexes (not Prefect's) for the sorts of models/sort.go, so that a LIMIT
-- page of every sort of a large table reads an index instead of sorting the
-- table: each ends with id, the sorts' tie-breaker (a page read from an
-- index without it sorts groups of equal leading values by id, and the
-- NULL keys of artifacts or block type names are large groups). A Prefect server
-- sharing the database ignores them; alembic_version keeps Prefect's head.
-- Never edit this file: later schema changes are new versions. Statements
-- end with a semicolon at the end of a line.
-- alembic: 14806cb26270
-- prefectorm: own-index

CREATE INDEX IF NOT EXISTS prefectorm_ix_flow_run__coalesce_start_expected_start_id ON flow_run (COALESCE(start_time, expected_start_time), id);
CREATE INDEX IF NOT EXISTS prefectorm_ix_flow_run__end_time_id ON flow_run (end_time, id);
CREATE INDEX IF NOT EXISTS prefectorm_ix_flow_run__next_scheduled_start_time_id ON flow_run (next_scheduled_start_time, id);
CREATE INDEX IF NOT EXISTS prefectorm_ix_task_run__end_time_id ON task_run (end_time, id);
CREATE INDEX IF NOT EXISTS prefectorm_ix_task_run__next_scheduled_start_time_id ON task_run (next_scheduled_start_time, id);
CREATE INDEX IF NOT EXISTS prefectorm_ix_deployment__name_id ON deployment (name, id);
CREATE INDEX IF NOT EXISTS prefectorm_ix_artifact__created_id ON artifact (created, id);
CREATE INDEX IF NOT EXISTS prefectorm_ix_artifact_collection__created_id ON artifact_collection (created, id);
CREATE INDEX IF NOT EXISTS prefectorm_ix_artifact__key_id ON artifact (key, id);
CREATE INDEX IF NOT EXISTS prefectorm_ix_block_document__block_type_name_name_id ON block_document (block_type_name, name, id);

-- Version 0014_drop_task_run_state_id_fk (SQLite), frozen: Prefect's Alembic revision 8bb517bae6f9
-- (Prefect 3.4.7): drops the foreign key task_run.state_id →
-- task_run_state (ix_task_run__state_id stays). SQLite cannot drop a
-- constraint, so task_run is rebuilt, keeping every row and all 13 indexes.
-- Never edit this file: later schema changes are new versions. Statements
-- end with a semicolon at the end of a line.
-- alembic: 8bb517bae6f9

-- Refuse to rebuild a table holding rows with foreign keys on: DROP TABLE
-- would then cascade to the rows that reference it.
CREATE TEMP TABLE prefectorm_rebuild_guard (
	ok INTEGER CONSTRAINT "prefectorm: rebuilding table task_run while it holds rows needs PRAGMA foreign_keys=OFF (with foreign keys on, DROP TABLE would delete or null the rows that reference it); run this version with a runner that turns foreign keys off" CHECK (ok)
);
INSERT INTO prefectorm_rebuild_guard SELECT NOT (foreign_keys AND EXISTS (SELECT 1 FROM "task_run")) FROM pragma_foreign_keys;
DROP TABLE prefectorm_rebuild_guard;
-- Rebuild: create the new table, copy every row, drop the old table, rename,
-- then recreate every index of the table.
CREATE TABLE "_prefectorm_new_task_run" (
	"id" CHAR(36) DEFAULT ((lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))),2) || '-' || substr('89ab',abs(random()) % 4 + 1, 1) || substr(lower(hex(randomblob(2))),2) || '-' || lower(hex(randomblob(6))))) NOT NULL,
	"created" DATETIME DEFAULT (strftime('%Y-%m-%d %H:%M:%f000', 'now')) NOT NULL,
	"updated" DATETIME DEFAULT (strftime('%Y-%m-%d %H:%M:%f000', 'now')) NOT NULL,
	"flow_run_id" CHAR(36),
	"task_key" VARCHAR NOT NULL,
	"dynamic_key" VARCHAR NOT NULL,
	"cache_key" VARCHAR,
	"cache_expiration" DATETIME,
	"task_version" VARCHAR,
	"flow_run_run_count" INTEGER DEFAULT '0' NOT NULL,
	"empirical_policy" JSON DEFAULT '{}' NOT NULL,
	"task_inputs" JSON DEFAULT '{}' NOT NULL,
	"tags" JSON DEFAULT '[]' NOT NULL,
	"state_id" CHAR(36),
	"name" VARCHAR NOT NULL,
	"state_type" VARCHAR(9),
	"state_name" VARCHAR,
	"state_timestamp" DATETIME,
	"run_count" INTEGER DEFAULT '0' NOT NULL,
	"expected_start_time" DATETIME,
	"next_scheduled_start_time" DATETIME,
	"start_time" DATETIME,
	"end_time" DATETIME,
	"total_run_time" DATETIME DEFAULT '0' NOT NULL,
	"labels" JSON,
	CONSTRAINT "pk_task_run" PRIMARY KEY ("id"),
	CONSTRAINT "fk_task_run__flow_run_id__flow_run" FOREIGN KEY("flow_run_id") REFERENCES "flow_run" ("id") ON DELETE CASCADE
);
INSERT INTO "_prefectorm_new_task_run" ("id", "created", "updated", "flow_run_id", "task_key", "dynamic_key", "cache_key", "cache_expiration", "task_version", "flow_run_run_count", "empirical_policy", "task_inputs", "tags", "state_id", "name", "state_type", "state_name", "state_timestamp", "run_count", "expected_start_time", "next_scheduled_start_time", "start_time", "end_time", "total_run_time", "labels")
SELECT "id", "created", "updated", "flow_run_id", "task_key", "dynamic_key", "cache_key", "cache_expiration", "task_version", "flow_run_run_count", "empirical_policy", "task_inputs", "tags", "state_id", "name", "state_type", "state_name", "state_timestamp", "run_count", "expected_start_time", "next_scheduled_start_time", "start_time", "end_time", "total_run_time", "labels" FROM "task_run";
DROP TABLE "task_run";
ALTER TABLE "_prefectorm_new_task_run" RENAME TO "task_run";
CREATE INDEX "ix_task_run__flow_run_id" ON "task_run" ("flow_run_id");
CREATE INDEX "ix_task_run__name" ON "task_run" ("name");
CREATE INDEX "ix_task_run__next_scheduled_start_time_asc" ON "task_run" ("next_scheduled_start_time");
CREATE INDEX "ix_task_run__start_time" ON "task_run" ("start_time");
CREATE INDEX "ix_task_run__state_id" ON "task_run" ("state_id");
CREATE INDEX "ix_task_run__state_name" ON "task_run" ("state_name");
CREATE INDEX "ix_task_run__state_timestamp" ON "task_run" ("state_timestamp");
CREATE INDEX "ix_task_run__state_type" ON "task_run" ("state_type");
CREATE INDEX "ix_task_run__updated" ON "task_run" ("updated");
CREATE UNIQUE INDEX "uq_task_run__flow_run_id_task_key_dynamic_key" ON "task_run" ("flow_run_id", "task_key", "dynamic_key");
CREATE INDEX ix_task_run_name_case_insensitive ON task_run (name);
CREATE INDEX ix_task_run__end_time_desc ON task_run (end_time);
CREATE INDEX ix_task_run__expected_start_time_desc ON task_run (expected_start_time);
UPDATE alembic_version SET version_num = '8bb517bae6f9';

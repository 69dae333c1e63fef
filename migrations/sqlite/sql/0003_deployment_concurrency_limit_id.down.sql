-- Rollback of version 0003_deployment_concurrency_limit_id (SQLite), frozen: undoes Prefect's Alembic
-- revision 4ad4658cbefe, back to revision 7d6350aea855.

-- SQLite cannot drop a column that has a foreign key: rebuild deployment
-- without it, as Prefect's downgrade does.
-- Refuse to rebuild a table holding rows with foreign keys on: DROP TABLE
-- would then cascade to the rows that reference it.
CREATE TEMP TABLE prefectorm_rebuild_guard (
	ok INTEGER CONSTRAINT "prefectorm: rebuilding table deployment while it holds rows needs PRAGMA foreign_keys=OFF (with foreign keys on, DROP TABLE would delete or null the rows that reference it); run this version with a runner that turns foreign keys off" CHECK (ok)
);
INSERT INTO prefectorm_rebuild_guard SELECT NOT (foreign_keys AND EXISTS (SELECT 1 FROM "deployment")) FROM pragma_foreign_keys;
DROP TABLE prefectorm_rebuild_guard;
-- Rebuild: create the new table, copy every row, drop the old table, rename,
-- then recreate every index of the table.
CREATE TABLE "_prefectorm_new_deployment" (
	"id" CHAR(36) DEFAULT ((lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))),2) || '-' || substr('89ab',abs(random()) % 4 + 1, 1) || substr(lower(hex(randomblob(2))),2) || '-' || lower(hex(randomblob(6))))) NOT NULL,
	"created" DATETIME DEFAULT (strftime('%Y-%m-%d %H:%M:%f000', 'now')) NOT NULL,
	"updated" DATETIME DEFAULT (strftime('%Y-%m-%d %H:%M:%f000', 'now')) NOT NULL,
	"name" VARCHAR NOT NULL,
	"version" VARCHAR,
	"description" TEXT,
	"work_queue_name" VARCHAR,
	"infra_overrides" JSON DEFAULT '{}' NOT NULL,
	"path" VARCHAR,
	"entrypoint" VARCHAR,
	"last_polled" DATETIME,
	"status" VARCHAR(9) DEFAULT 'NOT_READY' NOT NULL,
	"flow_id" CHAR(36) NOT NULL,
	"work_queue_id" CHAR(36),
	"paused" BOOLEAN DEFAULT '0' NOT NULL,
	"concurrency_limit" INTEGER,
	"tags" JSON DEFAULT '[]' NOT NULL,
	"parameters" JSON DEFAULT '{}' NOT NULL,
	"pull_steps" JSON,
	"parameter_openapi_schema" JSON,
	"enforce_parameter_schema" BOOLEAN DEFAULT '0' NOT NULL,
	"created_by" JSON,
	"updated_by" JSON,
	"infrastructure_document_id" CHAR(36),
	"storage_document_id" CHAR(36),
	"schedule" JSON,
	"is_schedule_active" BOOLEAN DEFAULT '1' NOT NULL,
	"flow_data" JSON,
	"manifest_path" VARCHAR,
	"concurrency_options" JSON,
	CONSTRAINT "pk_deployment" PRIMARY KEY ("id"),
	CONSTRAINT "fk_deployment__flow_id__flow" FOREIGN KEY("flow_id") REFERENCES "flow" ("id") ON DELETE CASCADE,
	CONSTRAINT "fk_deployment__infrastructure_document_id__block_document" FOREIGN KEY("infrastructure_document_id") REFERENCES "block_document" ("id") ON DELETE CASCADE,
	CONSTRAINT "fk_deployment__storage_document_id__block_document" FOREIGN KEY("storage_document_id") REFERENCES "block_document" ("id") ON DELETE CASCADE,
	CONSTRAINT "fk_deployment__work_queue_id__work_queue" FOREIGN KEY("work_queue_id") REFERENCES "work_queue" ("id") ON DELETE SET NULL
);
INSERT INTO "_prefectorm_new_deployment" ("id", "created", "updated", "name", "version", "description", "work_queue_name", "infra_overrides", "path", "entrypoint", "last_polled", "status", "flow_id", "work_queue_id", "paused", "concurrency_limit", "tags", "parameters", "pull_steps", "parameter_openapi_schema", "enforce_parameter_schema", "created_by", "updated_by", "infrastructure_document_id", "storage_document_id", "schedule", "is_schedule_active", "flow_data", "manifest_path", "concurrency_options")
SELECT "id", "created", "updated", "name", "version", "description", "work_queue_name", "infra_overrides", "path", "entrypoint", "last_polled", "status", "flow_id", "work_queue_id", "paused", "concurrency_limit", "tags", "parameters", "pull_steps", "parameter_openapi_schema", "enforce_parameter_schema", "created_by", "updated_by", "infrastructure_document_id", "storage_document_id", "schedule", "is_schedule_active", "flow_data", "manifest_path", "concurrency_options" FROM "deployment";
DROP TABLE "deployment";
ALTER TABLE "_prefectorm_new_deployment" RENAME TO "deployment";
CREATE INDEX "ix_deployment__created" ON "deployment" ("created");
CREATE INDEX "ix_deployment__flow_id" ON "deployment" ("flow_id");
CREATE INDEX "ix_deployment__paused" ON "deployment" ("paused");
CREATE INDEX "ix_deployment__updated" ON "deployment" ("updated");
CREATE INDEX "ix_deployment__work_queue_id" ON "deployment" ("work_queue_id");
CREATE INDEX "ix_deployment__work_queue_name" ON "deployment" ("work_queue_name");
CREATE UNIQUE INDEX "uq_deployment__flow_id_name" ON "deployment" ("flow_id", "name");
CREATE INDEX ix_deployment_name_case_insensitive ON deployment (name);
UPDATE alembic_version SET version_num = '7d6350aea855';

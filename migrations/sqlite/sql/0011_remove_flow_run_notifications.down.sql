-- Rollback of version 0011_remove_flow_run_notifications (SQLite), frozen: undoes Prefect's Alembic
-- revision 7655f31c5157, back to revision bbca16f6f218.

-- The tables come back empty, as in Prefect's downgrade: the automations
-- made from the policies stay.
CREATE TABLE "flow_run_notification_policy" (
	"id" CHAR(36) DEFAULT ((lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))),2) || '-' || substr('89ab',abs(random()) % 4 + 1, 1) || substr(lower(hex(randomblob(2))),2) || '-' || lower(hex(randomblob(6))))) NOT NULL,
	"created" DATETIME DEFAULT (strftime('%Y-%m-%d %H:%M:%f000', 'now')) NOT NULL,
	"updated" DATETIME DEFAULT (strftime('%Y-%m-%d %H:%M:%f000', 'now')) NOT NULL,
	"is_active" BOOLEAN DEFAULT '1' NOT NULL,
	"state_names" JSON DEFAULT '[]' NOT NULL,
	"tags" JSON DEFAULT '[]' NOT NULL,
	"message_template" VARCHAR,
	"block_document_id" CHAR(36) NOT NULL,
	CONSTRAINT "pk_flow_run_notification_policy" PRIMARY KEY ("id"),
	CONSTRAINT "fk_flow_run_alert_policy__block_document_id__block_document" FOREIGN KEY("block_document_id") REFERENCES "block_document" ("id") ON DELETE CASCADE
);
CREATE TABLE "flow_run_notification_queue" (
	"id" CHAR(36) DEFAULT ((lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))),2) || '-' || substr('89ab',abs(random()) % 4 + 1, 1) || substr(lower(hex(randomblob(2))),2) || '-' || lower(hex(randomblob(6))))) NOT NULL,
	"created" DATETIME DEFAULT (strftime('%Y-%m-%d %H:%M:%f000', 'now')) NOT NULL,
	"updated" DATETIME DEFAULT (strftime('%Y-%m-%d %H:%M:%f000', 'now')) NOT NULL,
	"flow_run_notification_policy_id" CHAR(36) NOT NULL,
	"flow_run_state_id" CHAR(36) NOT NULL,
	CONSTRAINT "pk_flow_run_notification_queue" PRIMARY KEY ("id")
);
CREATE INDEX "ix_flow_run_notification_policy__updated" ON "flow_run_notification_policy" ("updated");
CREATE INDEX "ix_flow_run_notification_queue__updated" ON "flow_run_notification_queue" ("updated");
UPDATE alembic_version SET version_num = 'bbca16f6f218';

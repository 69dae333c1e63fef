-- Rollback of version 0011_remove_flow_run_notifications (PostgreSQL), frozen: undoes Prefect's
-- Alembic revision 4160a4841eed, back to revision 7a73514ca2d6.

-- The tables come back empty, as in Prefect's downgrade: the automations
-- made from the policies stay.
CREATE TABLE "flow_run_notification_policy" (
	"id" UUID DEFAULT gen_random_uuid() NOT NULL,
	"created" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"updated" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"is_active" BOOLEAN DEFAULT true NOT NULL,
	"state_names" JSONB DEFAULT '[]' NOT NULL,
	"tags" JSONB DEFAULT '[]' NOT NULL,
	"message_template" VARCHAR,
	"block_document_id" UUID NOT NULL,
	CONSTRAINT "pk_flow_run_notification_policy" PRIMARY KEY ("id")
);
CREATE TABLE "flow_run_notification_queue" (
	"id" UUID DEFAULT gen_random_uuid() NOT NULL,
	"created" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"updated" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"flow_run_notification_policy_id" UUID NOT NULL,
	"flow_run_state_id" UUID NOT NULL,
	CONSTRAINT "pk_flow_run_notification_queue" PRIMARY KEY ("id")
);
ALTER TABLE "flow_run_notification_policy" ADD CONSTRAINT "fk_flow_run_alert_policy__block_document_id__block_document" FOREIGN KEY("block_document_id") REFERENCES "block_document" ("id") ON DELETE CASCADE;
CREATE INDEX "ix_flow_run_notification_policy__updated" ON "flow_run_notification_policy" ("updated");
CREATE INDEX "ix_flow_run_notification_queue__updated" ON "flow_run_notification_queue" ("updated");
UPDATE alembic_version SET version_num = '7a73514ca2d6';

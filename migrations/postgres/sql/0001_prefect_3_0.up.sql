-- Version 0001_prefect_3_0 (PostgreSQL), frozen: the schema Prefect 3.0's
-- Alembic migrations build (head 97429116795e, Prefect commit 9fe28e0), with
-- Prefect's alembic_version row so that a Prefect 3.0 server accepts the
-- database. Never edit this file: later schema changes are new versions.
-- Statements end with a semicolon at the end of a line.

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TYPE deployment_status AS ENUM ('READY', 'NOT_READY');
CREATE TYPE state_type AS ENUM ('SCHEDULED', 'PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED', 'PAUSED', 'CANCELLING');
CREATE TYPE work_pool_status AS ENUM ('READY', 'NOT_READY', 'PAUSED');
CREATE TYPE work_queue_status AS ENUM ('READY', 'NOT_READY', 'PAUSED');
CREATE TYPE worker_status AS ENUM ('ONLINE', 'OFFLINE');
CREATE TABLE "flow" (
	"id" UUID DEFAULT gen_random_uuid() NOT NULL,
	"created" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"updated" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"name" VARCHAR NOT NULL,
	"tags" JSONB DEFAULT '[]' NOT NULL,
	CONSTRAINT "pk_flow" PRIMARY KEY ("id"),
	CONSTRAINT "uq_flow__name" UNIQUE ("name")
);
CREATE TABLE "flow_run_state" (
	"id" UUID DEFAULT gen_random_uuid() NOT NULL,
	"created" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"updated" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"flow_run_id" UUID NOT NULL,
	"type" state_type NOT NULL,
	"timestamp" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"name" VARCHAR NOT NULL,
	"message" VARCHAR,
	"state_details" JSONB DEFAULT '{}' NOT NULL,
	"data" JSONB,
	"result_artifact_id" UUID,
	CONSTRAINT "pk_flow_run_state" PRIMARY KEY ("id")
);
CREATE TABLE "task_run_state" (
	"id" UUID DEFAULT gen_random_uuid() NOT NULL,
	"created" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"updated" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"task_run_id" UUID NOT NULL,
	"type" state_type NOT NULL,
	"timestamp" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"name" VARCHAR NOT NULL,
	"message" VARCHAR,
	"state_details" JSONB DEFAULT '{}' NOT NULL,
	"data" JSONB,
	"result_artifact_id" UUID,
	CONSTRAINT "pk_task_run_state" PRIMARY KEY ("id")
);
CREATE TABLE "artifact" (
	"id" UUID DEFAULT gen_random_uuid() NOT NULL,
	"created" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"updated" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"key" VARCHAR,
	"task_run_id" UUID,
	"flow_run_id" UUID,
	"type" VARCHAR,
	"data" JSON,
	"description" VARCHAR,
	"metadata_" JSON,
	CONSTRAINT "pk_artifact" PRIMARY KEY ("id")
);
CREATE TABLE "artifact_collection" (
	"id" UUID DEFAULT gen_random_uuid() NOT NULL,
	"created" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"updated" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"key" VARCHAR NOT NULL,
	"latest_id" UUID,
	"task_run_id" UUID,
	"flow_run_id" UUID,
	"type" VARCHAR,
	"data" JSON,
	"description" VARCHAR,
	"metadata_" JSON,
	CONSTRAINT "pk_artifact_collection" PRIMARY KEY ("id"),
	CONSTRAINT "uq_artifact_collection__key" UNIQUE ("key")
);
CREATE TABLE "task_run_state_cache" (
	"id" UUID DEFAULT gen_random_uuid() NOT NULL,
	"created" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"updated" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"cache_key" VARCHAR NOT NULL,
	"cache_expiration" TIMESTAMP WITH TIME ZONE,
	"task_run_state_id" UUID NOT NULL,
	CONSTRAINT "pk_task_run_state_cache" PRIMARY KEY ("id")
);
CREATE TABLE "flow_run" (
	"id" UUID DEFAULT gen_random_uuid() NOT NULL,
	"created" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"updated" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"flow_id" UUID NOT NULL,
	"deployment_id" UUID,
	"work_queue_name" VARCHAR,
	"flow_version" VARCHAR,
	"deployment_version" VARCHAR,
	"parameters" JSONB DEFAULT '{}' NOT NULL,
	"idempotency_key" VARCHAR,
	"context" JSONB DEFAULT '{}' NOT NULL,
	"empirical_policy" JSONB DEFAULT '{}' NOT NULL,
	"tags" JSONB DEFAULT '[]' NOT NULL,
	"created_by" JSONB,
	"infrastructure_pid" VARCHAR,
	"job_variables" JSONB DEFAULT '{}',
	"infrastructure_document_id" UUID,
	"parent_task_run_id" UUID,
	"auto_scheduled" BOOLEAN DEFAULT false NOT NULL,
	"state_id" UUID,
	"work_queue_id" UUID,
	"name" VARCHAR NOT NULL,
	"state_type" state_type,
	"state_name" VARCHAR,
	"state_timestamp" TIMESTAMP WITH TIME ZONE,
	"run_count" INTEGER DEFAULT 0 NOT NULL,
	"expected_start_time" TIMESTAMP WITH TIME ZONE,
	"next_scheduled_start_time" TIMESTAMP WITH TIME ZONE,
	"start_time" TIMESTAMP WITH TIME ZONE,
	"end_time" TIMESTAMP WITH TIME ZONE,
	"total_run_time" INTERVAL DEFAULT '00:00:00' NOT NULL,
	CONSTRAINT "pk_flow_run" PRIMARY KEY ("id")
);
CREATE TABLE "task_run" (
	"id" UUID DEFAULT gen_random_uuid() NOT NULL,
	"created" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"updated" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"flow_run_id" UUID,
	"task_key" VARCHAR NOT NULL,
	"dynamic_key" VARCHAR NOT NULL,
	"cache_key" VARCHAR,
	"cache_expiration" TIMESTAMP WITH TIME ZONE,
	"task_version" VARCHAR,
	"flow_run_run_count" INTEGER DEFAULT 0 NOT NULL,
	"empirical_policy" JSONB DEFAULT '{}' NOT NULL,
	"task_inputs" JSONB DEFAULT '{}' NOT NULL,
	"tags" JSONB DEFAULT '[]' NOT NULL,
	"state_id" UUID,
	"name" VARCHAR NOT NULL,
	"state_type" state_type,
	"state_name" VARCHAR,
	"state_timestamp" TIMESTAMP WITH TIME ZONE,
	"run_count" INTEGER DEFAULT 0 NOT NULL,
	"expected_start_time" TIMESTAMP WITH TIME ZONE,
	"next_scheduled_start_time" TIMESTAMP WITH TIME ZONE,
	"start_time" TIMESTAMP WITH TIME ZONE,
	"end_time" TIMESTAMP WITH TIME ZONE,
	"total_run_time" INTERVAL DEFAULT '00:00:00' NOT NULL,
	CONSTRAINT "pk_task_run" PRIMARY KEY ("id")
);
CREATE TABLE "deployment_schedule" (
	"id" UUID DEFAULT gen_random_uuid() NOT NULL,
	"created" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"updated" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"deployment_id" UUID NOT NULL,
	"schedule" JSONB NOT NULL,
	"active" BOOLEAN NOT NULL,
	"max_active_runs" INTEGER,
	"max_scheduled_runs" INTEGER,
	"catchup" BOOLEAN DEFAULT false NOT NULL,
	CONSTRAINT "pk_deployment_schedule" PRIMARY KEY ("id")
);
CREATE TABLE "deployment" (
	"id" UUID DEFAULT gen_random_uuid() NOT NULL,
	"created" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"updated" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"name" VARCHAR NOT NULL,
	"version" VARCHAR,
	"description" TEXT,
	"work_queue_name" VARCHAR,
	"infra_overrides" JSONB DEFAULT '{}' NOT NULL,
	"path" VARCHAR,
	"entrypoint" VARCHAR,
	"last_polled" TIMESTAMP WITH TIME ZONE,
	"status" deployment_status DEFAULT 'NOT_READY' NOT NULL,
	"flow_id" UUID NOT NULL,
	"work_queue_id" UUID,
	"paused" BOOLEAN DEFAULT false NOT NULL,
	"concurrency_limit" INTEGER,
	"tags" JSONB DEFAULT '[]' NOT NULL,
	"parameters" JSONB DEFAULT '{}' NOT NULL,
	"pull_steps" JSONB,
	"parameter_openapi_schema" JSONB,
	"enforce_parameter_schema" BOOLEAN DEFAULT false NOT NULL,
	"created_by" JSONB,
	"updated_by" JSONB,
	"infrastructure_document_id" UUID,
	"storage_document_id" UUID,
	"schedule" JSONB,
	"is_schedule_active" BOOLEAN DEFAULT true NOT NULL,
	"flow_data" JSONB,
	"manifest_path" VARCHAR,
	CONSTRAINT "pk_deployment" PRIMARY KEY ("id")
);
CREATE TABLE "log" (
	"id" UUID DEFAULT gen_random_uuid() NOT NULL,
	"created" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"updated" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"name" VARCHAR NOT NULL,
	"level" SMALLINT NOT NULL,
	"flow_run_id" UUID,
	"task_run_id" UUID,
	"message" TEXT NOT NULL,
	"timestamp" TIMESTAMP WITH TIME ZONE NOT NULL,
	CONSTRAINT "pk_log" PRIMARY KEY ("id")
);
CREATE TABLE "concurrency_limit" (
	"id" UUID DEFAULT gen_random_uuid() NOT NULL,
	"created" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"updated" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"tag" VARCHAR NOT NULL,
	"concurrency_limit" INTEGER NOT NULL,
	"active_slots" JSONB DEFAULT '[]' NOT NULL,
	CONSTRAINT "pk_concurrency_limit" PRIMARY KEY ("id")
);
CREATE TABLE "concurrency_limit_v2" (
	"id" UUID DEFAULT gen_random_uuid() NOT NULL,
	"created" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"updated" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"active" BOOLEAN NOT NULL,
	"name" VARCHAR NOT NULL,
	"limit" INTEGER NOT NULL,
	"active_slots" INTEGER NOT NULL,
	"denied_slots" INTEGER NOT NULL,
	"slot_decay_per_second" FLOAT NOT NULL,
	"avg_slot_occupancy_seconds" FLOAT NOT NULL,
	CONSTRAINT "pk_concurrency_limit_v2" PRIMARY KEY ("id"),
	CONSTRAINT "uq_concurrency_limit_v2__name" UNIQUE ("name")
);
CREATE TABLE "block_type" (
	"id" UUID DEFAULT gen_random_uuid() NOT NULL,
	"created" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"updated" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"name" VARCHAR NOT NULL,
	"slug" VARCHAR NOT NULL,
	"logo_url" VARCHAR,
	"documentation_url" VARCHAR,
	"description" VARCHAR,
	"code_example" VARCHAR,
	"is_protected" BOOLEAN DEFAULT false NOT NULL,
	CONSTRAINT "pk_block_type" PRIMARY KEY ("id")
);
CREATE TABLE "block_schema" (
	"id" UUID DEFAULT gen_random_uuid() NOT NULL,
	"created" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"updated" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"checksum" VARCHAR NOT NULL,
	"fields" JSONB DEFAULT '{}' NOT NULL,
	"capabilities" JSONB DEFAULT '[]' NOT NULL,
	"version" VARCHAR DEFAULT 'non-versioned' NOT NULL,
	"block_type_id" UUID NOT NULL,
	CONSTRAINT "pk_block_schema" PRIMARY KEY ("id")
);
CREATE TABLE "block_schema_reference" (
	"id" UUID DEFAULT gen_random_uuid() NOT NULL,
	"created" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"updated" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"name" VARCHAR NOT NULL,
	"parent_block_schema_id" UUID NOT NULL,
	"reference_block_schema_id" UUID NOT NULL,
	CONSTRAINT "pk_block_schema_reference" PRIMARY KEY ("id")
);
CREATE TABLE "block_document" (
	"id" UUID DEFAULT gen_random_uuid() NOT NULL,
	"created" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"updated" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"name" VARCHAR NOT NULL,
	"data" JSONB DEFAULT '{}' NOT NULL,
	"is_anonymous" BOOLEAN DEFAULT false NOT NULL,
	"block_type_name" VARCHAR,
	"block_type_id" UUID NOT NULL,
	"block_schema_id" UUID NOT NULL,
	CONSTRAINT "pk_block_document" PRIMARY KEY ("id")
);
CREATE TABLE "block_document_reference" (
	"id" UUID DEFAULT gen_random_uuid() NOT NULL,
	"created" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"updated" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"name" VARCHAR NOT NULL,
	"parent_block_document_id" UUID NOT NULL,
	"reference_block_document_id" UUID NOT NULL,
	CONSTRAINT "pk_block_document_reference" PRIMARY KEY ("id")
);
CREATE TABLE "configuration" (
	"id" UUID DEFAULT gen_random_uuid() NOT NULL,
	"created" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"updated" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"key" VARCHAR NOT NULL,
	"value" JSONB NOT NULL,
	CONSTRAINT "pk_configuration" PRIMARY KEY ("id"),
	CONSTRAINT "uq_configuration__key" UNIQUE ("key")
);
CREATE TABLE "saved_search" (
	"id" UUID DEFAULT gen_random_uuid() NOT NULL,
	"created" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"updated" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"name" VARCHAR NOT NULL,
	"filters" JSONB DEFAULT '[]' NOT NULL,
	CONSTRAINT "pk_saved_search" PRIMARY KEY ("id"),
	CONSTRAINT "uq_saved_search__name" UNIQUE ("name")
);
CREATE TABLE "work_queue" (
	"id" UUID DEFAULT gen_random_uuid() NOT NULL,
	"created" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"updated" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"name" VARCHAR NOT NULL,
	"filter" JSONB,
	"description" VARCHAR DEFAULT ('') NOT NULL,
	"is_paused" BOOLEAN DEFAULT false NOT NULL,
	"concurrency_limit" INTEGER,
	"priority" INTEGER DEFAULT 1 NOT NULL,
	"last_polled" TIMESTAMP WITH TIME ZONE,
	"status" work_queue_status DEFAULT 'NOT_READY' NOT NULL,
	"work_pool_id" UUID NOT NULL,
	CONSTRAINT "pk_work_queue" PRIMARY KEY ("id"),
	CONSTRAINT "uq_work_queue__work_pool_id_name" UNIQUE ("work_pool_id", "name")
);
CREATE TABLE "work_pool" (
	"id" UUID DEFAULT gen_random_uuid() NOT NULL,
	"created" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"updated" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"name" VARCHAR NOT NULL,
	"description" VARCHAR,
	"type" VARCHAR NOT NULL,
	"base_job_template" JSONB DEFAULT '{}' NOT NULL,
	"is_paused" BOOLEAN DEFAULT false NOT NULL,
	"default_queue_id" UUID,
	"concurrency_limit" INTEGER,
	"status" work_pool_status DEFAULT 'NOT_READY' NOT NULL,
	"last_transitioned_status_at" TIMESTAMP WITH TIME ZONE,
	"last_status_event_id" UUID,
	CONSTRAINT "pk_work_pool" PRIMARY KEY ("id"),
	CONSTRAINT "uq_work_pool__name" UNIQUE ("name")
);
CREATE TABLE "worker" (
	"id" UUID DEFAULT gen_random_uuid() NOT NULL,
	"created" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"updated" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"work_pool_id" UUID NOT NULL,
	"name" VARCHAR NOT NULL,
	"last_heartbeat_time" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"heartbeat_interval_seconds" INTEGER,
	"status" worker_status DEFAULT 'OFFLINE' NOT NULL,
	CONSTRAINT "pk_worker" PRIMARY KEY ("id"),
	CONSTRAINT "uq_worker__work_pool_id_name" UNIQUE ("work_pool_id", "name")
);
CREATE TABLE "agent" (
	"id" UUID DEFAULT gen_random_uuid() NOT NULL,
	"created" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"updated" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"name" VARCHAR NOT NULL,
	"work_queue_id" UUID NOT NULL,
	"last_activity_time" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	CONSTRAINT "pk_agent" PRIMARY KEY ("id"),
	CONSTRAINT "uq_agent__name" UNIQUE ("name")
);
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
CREATE TABLE "variable" (
	"id" UUID DEFAULT gen_random_uuid() NOT NULL,
	"created" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"updated" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"name" VARCHAR NOT NULL,
	"value" JSONB,
	"tags" JSONB DEFAULT '[]' NOT NULL,
	CONSTRAINT "pk_variable" PRIMARY KEY ("id"),
	CONSTRAINT "uq_variable__name" UNIQUE ("name")
);
CREATE TABLE "flow_run_input" (
	"id" UUID DEFAULT gen_random_uuid() NOT NULL,
	"created" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"updated" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"flow_run_id" UUID NOT NULL,
	"key" VARCHAR NOT NULL,
	"value" TEXT NOT NULL,
	"sender" VARCHAR,
	CONSTRAINT "pk_flow_run_input" PRIMARY KEY ("id"),
	CONSTRAINT "uq_flow_run_input__flow_run_id_key" UNIQUE ("flow_run_id", "key")
);
CREATE TABLE "csrf_token" (
	"id" UUID DEFAULT gen_random_uuid() NOT NULL,
	"created" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"updated" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"token" VARCHAR NOT NULL,
	"client" VARCHAR NOT NULL,
	"expiration" TIMESTAMP WITH TIME ZONE NOT NULL,
	CONSTRAINT "pk_csrf_token" PRIMARY KEY ("id"),
	CONSTRAINT "uq_csrf_token__client" UNIQUE ("client")
);
CREATE TABLE "automation" (
	"id" UUID DEFAULT gen_random_uuid() NOT NULL,
	"created" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"updated" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"name" VARCHAR NOT NULL,
	"description" VARCHAR NOT NULL,
	"enabled" BOOLEAN DEFAULT true NOT NULL,
	"trigger" JSONB NOT NULL,
	"actions" JSONB NOT NULL,
	"actions_on_trigger" JSONB DEFAULT '[]' NOT NULL,
	"actions_on_resolve" JSONB DEFAULT '[]' NOT NULL,
	CONSTRAINT "pk_automation" PRIMARY KEY ("id")
);
CREATE TABLE "automation_bucket" (
	"id" UUID DEFAULT gen_random_uuid() NOT NULL,
	"created" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"updated" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"automation_id" UUID NOT NULL,
	"trigger_id" UUID NOT NULL,
	"bucketing_key" JSONB NOT NULL,
	"last_event" JSONB,
	"start" TIMESTAMP WITH TIME ZONE NOT NULL,
	"end" TIMESTAMP WITH TIME ZONE NOT NULL,
	"count" INTEGER NOT NULL,
	"last_operation" VARCHAR,
	"triggered_at" TIMESTAMP WITH TIME ZONE,
	CONSTRAINT "pk_automation_bucket" PRIMARY KEY ("id")
);
CREATE TABLE "automation_related_resource" (
	"id" UUID DEFAULT gen_random_uuid() NOT NULL,
	"created" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"updated" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"automation_id" UUID NOT NULL,
	"resource_id" VARCHAR,
	"automation_owned_by_resource" BOOLEAN DEFAULT false NOT NULL,
	CONSTRAINT "pk_automation_related_resource" PRIMARY KEY ("id")
);
CREATE TABLE "composite_trigger_child_firing" (
	"id" UUID DEFAULT gen_random_uuid() NOT NULL,
	"created" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"updated" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"automation_id" UUID NOT NULL,
	"parent_trigger_id" UUID NOT NULL,
	"child_trigger_id" UUID NOT NULL,
	"child_firing_id" UUID NOT NULL,
	"child_fired_at" TIMESTAMP WITH TIME ZONE,
	"child_firing" JSONB NOT NULL,
	CONSTRAINT "pk_composite_trigger_child_firing" PRIMARY KEY ("id")
);
CREATE TABLE "automation_event_follower" (
	"id" UUID DEFAULT gen_random_uuid() NOT NULL,
	"created" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"updated" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"scope" VARCHAR NOT NULL,
	"leader_event_id" UUID NOT NULL,
	"follower_event_id" UUID NOT NULL,
	"received" TIMESTAMP WITH TIME ZONE NOT NULL,
	"follower" JSONB NOT NULL,
	CONSTRAINT "pk_automation_event_follower" PRIMARY KEY ("id")
);
CREATE TABLE "events" (
	"id" UUID DEFAULT gen_random_uuid() NOT NULL,
	"created" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"updated" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"occurred" TIMESTAMP WITH TIME ZONE NOT NULL,
	"event" TEXT NOT NULL,
	"resource_id" TEXT NOT NULL,
	"resource" JSONB NOT NULL,
	"related_resource_ids" JSONB DEFAULT '[]' NOT NULL,
	"related" JSONB DEFAULT '[]' NOT NULL,
	"payload" JSONB NOT NULL,
	"received" TIMESTAMP WITH TIME ZONE NOT NULL,
	"recorded" TIMESTAMP WITH TIME ZONE NOT NULL,
	"follows" UUID,
	CONSTRAINT "pk_events" PRIMARY KEY ("id")
);
CREATE TABLE "event_resources" (
	"id" UUID DEFAULT gen_random_uuid() NOT NULL,
	"created" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"updated" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"occurred" TIMESTAMP WITH TIME ZONE NOT NULL,
	"resource_id" TEXT NOT NULL,
	"resource_role" TEXT NOT NULL,
	"resource" JSON NOT NULL,
	"event_id" UUID NOT NULL,
	CONSTRAINT "pk_event_resources" PRIMARY KEY ("id")
);
ALTER TABLE "flow_run_state" ADD CONSTRAINT "fk_flow_run_state__flow_run_id__flow_run" FOREIGN KEY("flow_run_id") REFERENCES "flow_run" ("id") ON DELETE CASCADE;
ALTER TABLE "flow_run_state" ADD CONSTRAINT "fk_flow_run_state__result_artifact_id__artifact" FOREIGN KEY("result_artifact_id") REFERENCES "artifact" ("id") ON DELETE SET NULL;
ALTER TABLE "task_run_state" ADD CONSTRAINT "fk_task_run_state__result_artifact_id__artifact" FOREIGN KEY("result_artifact_id") REFERENCES "artifact" ("id") ON DELETE SET NULL;
ALTER TABLE "task_run_state" ADD CONSTRAINT "fk_task_run_state__task_run_id__task_run" FOREIGN KEY("task_run_id") REFERENCES "task_run" ("id") ON DELETE CASCADE;
ALTER TABLE "flow_run" ADD CONSTRAINT "fk_flow_run__flow_id__flow" FOREIGN KEY("flow_id") REFERENCES "flow" ("id") ON DELETE CASCADE;
ALTER TABLE "flow_run" ADD CONSTRAINT "fk_flow_run__infrastructure_document_id__block_document" FOREIGN KEY("infrastructure_document_id") REFERENCES "block_document" ("id") ON DELETE CASCADE;
ALTER TABLE "flow_run" ADD CONSTRAINT "fk_flow_run__parent_task_run_id__task_run" FOREIGN KEY("parent_task_run_id") REFERENCES "task_run" ("id") ON DELETE SET NULL;
ALTER TABLE "flow_run" ADD CONSTRAINT "fk_flow_run__state_id__flow_run_state" FOREIGN KEY("state_id") REFERENCES "flow_run_state" ("id") ON DELETE SET NULL;
ALTER TABLE "flow_run" ADD CONSTRAINT "fk_flow_run__work_queue_id__work_queue" FOREIGN KEY("work_queue_id") REFERENCES "work_queue" ("id") ON DELETE SET NULL;
ALTER TABLE "task_run" ADD CONSTRAINT "fk_task_run__flow_run_id__flow_run" FOREIGN KEY("flow_run_id") REFERENCES "flow_run" ("id") ON DELETE CASCADE;
ALTER TABLE "task_run" ADD CONSTRAINT "fk_task_run__state_id__task_run_state" FOREIGN KEY("state_id") REFERENCES "task_run_state" ("id") ON DELETE SET NULL;
ALTER TABLE "deployment_schedule" ADD CONSTRAINT "fk_deployment_schedule__deployment_id__deployment" FOREIGN KEY("deployment_id") REFERENCES "deployment" ("id") ON DELETE CASCADE;
ALTER TABLE "deployment" ADD CONSTRAINT "fk_deployment__flow_id__flow" FOREIGN KEY("flow_id") REFERENCES "flow" ("id") ON DELETE CASCADE;
ALTER TABLE "deployment" ADD CONSTRAINT "fk_deployment__infrastructure_document_id__block_document" FOREIGN KEY("infrastructure_document_id") REFERENCES "block_document" ("id") ON DELETE CASCADE;
ALTER TABLE "deployment" ADD CONSTRAINT "fk_deployment__storage_document_id__block_document" FOREIGN KEY("storage_document_id") REFERENCES "block_document" ("id") ON DELETE CASCADE;
ALTER TABLE "deployment" ADD CONSTRAINT "fk_deployment__work_queue_id__work_queue" FOREIGN KEY("work_queue_id") REFERENCES "work_queue" ("id") ON DELETE SET NULL;
ALTER TABLE "block_schema" ADD CONSTRAINT "fk_block_schema__block_type_id__block_type" FOREIGN KEY("block_type_id") REFERENCES "block_type" ("id") ON DELETE CASCADE;
ALTER TABLE "block_schema_reference" ADD CONSTRAINT "fk_block_schema_reference__parent_block_schema_id__block_schema" FOREIGN KEY("parent_block_schema_id") REFERENCES "block_schema" ("id") ON DELETE CASCADE;
ALTER TABLE "block_schema_reference" ADD CONSTRAINT "fk_block_schema_reference__reference_block_schema_id__b_6e5d" FOREIGN KEY("reference_block_schema_id") REFERENCES "block_schema" ("id") ON DELETE CASCADE;
ALTER TABLE "block_document" ADD CONSTRAINT "fk_block__block_schema_id__block_schema" FOREIGN KEY("block_schema_id") REFERENCES "block_schema" ("id") ON DELETE CASCADE;
ALTER TABLE "block_document" ADD CONSTRAINT "fk_block_document__block_type_id__block_type" FOREIGN KEY("block_type_id") REFERENCES "block_type" ("id") ON DELETE CASCADE;
ALTER TABLE "block_document_reference" ADD CONSTRAINT "fk_block_document_reference__parent_block_document_id___328f" FOREIGN KEY("parent_block_document_id") REFERENCES "block_document" ("id") ON DELETE CASCADE;
ALTER TABLE "block_document_reference" ADD CONSTRAINT "fk_block_document_reference__reference_block_document_i_5759" FOREIGN KEY("reference_block_document_id") REFERENCES "block_document" ("id") ON DELETE CASCADE;
ALTER TABLE "work_queue" ADD CONSTRAINT "fk_work_queue__work_pool_id__work_pool" FOREIGN KEY("work_pool_id") REFERENCES "work_pool" ("id") ON DELETE CASCADE;
ALTER TABLE "work_pool" ADD CONSTRAINT "fk_work_pool__default_queue_id__work_queue" FOREIGN KEY("default_queue_id") REFERENCES "work_queue" ("id") ON DELETE RESTRICT;
ALTER TABLE "worker" ADD CONSTRAINT "fk_worker__work_pool_id__work_pool" FOREIGN KEY("work_pool_id") REFERENCES "work_pool" ("id") ON DELETE CASCADE;
ALTER TABLE "agent" ADD CONSTRAINT "fk_agent__work_queue_id__work_queue" FOREIGN KEY("work_queue_id") REFERENCES "work_queue" ("id");
ALTER TABLE "flow_run_notification_policy" ADD CONSTRAINT "fk_flow_run_alert_policy__block_document_id__block_document" FOREIGN KEY("block_document_id") REFERENCES "block_document" ("id") ON DELETE CASCADE;
ALTER TABLE "flow_run_input" ADD CONSTRAINT "fk_flow_run_input__flow_run_id__flow_run" FOREIGN KEY("flow_run_id") REFERENCES "flow_run" ("id") ON DELETE CASCADE;
ALTER TABLE "automation_bucket" ADD CONSTRAINT "fk_automation_bucket__automation_id__automation" FOREIGN KEY("automation_id") REFERENCES "automation" ("id") ON DELETE CASCADE;
ALTER TABLE "automation_related_resource" ADD CONSTRAINT "fk_automation_related_resource__automation_id__automation" FOREIGN KEY("automation_id") REFERENCES "automation" ("id") ON DELETE CASCADE;
ALTER TABLE "composite_trigger_child_firing" ADD CONSTRAINT "fk_composite_trigger_child_firing__automation_id__automation" FOREIGN KEY("automation_id") REFERENCES "automation" ("id") ON DELETE CASCADE;
CREATE INDEX "ix_flow__created" ON "flow" ("created");
CREATE INDEX "ix_flow__updated" ON "flow" ("updated");
CREATE INDEX "ix_flow_run_state__name" ON "flow_run_state" ("name");
CREATE INDEX "ix_flow_run_state__result_artifact_id" ON "flow_run_state" ("result_artifact_id");
CREATE INDEX "ix_flow_run_state__type" ON "flow_run_state" ("type");
CREATE INDEX "ix_flow_run_state__updated" ON "flow_run_state" ("updated");
CREATE INDEX "ix_task_run_state__name" ON "task_run_state" ("name");
CREATE INDEX "ix_task_run_state__result_artifact_id" ON "task_run_state" ("result_artifact_id");
CREATE INDEX "ix_task_run_state__type" ON "task_run_state" ("type");
CREATE INDEX "ix_task_run_state__updated" ON "task_run_state" ("updated");
CREATE INDEX "ix_artifact__flow_run_id" ON "artifact" ("flow_run_id");
CREATE INDEX "ix_artifact__key" ON "artifact" ("key");
CREATE INDEX "ix_artifact__task_run_id" ON "artifact" ("task_run_id");
CREATE INDEX "ix_artifact__updated" ON "artifact" ("updated");
CREATE INDEX "ix_artifact_collection__key_latest_id" ON "artifact_collection" ("key", "latest_id");
CREATE INDEX "ix_task_run_state_cache__cache_key_created_desc" ON "task_run_state_cache" ("cache_key", "created" DESC);
CREATE INDEX "ix_task_run_state_cache__updated" ON "task_run_state_cache" ("updated");
CREATE INDEX "ix_flow_run__deployment_id" ON "flow_run" ("deployment_id");
CREATE INDEX "ix_flow_run__deployment_version" ON "flow_run" ("deployment_version");
CREATE INDEX "ix_flow_run__flow_id" ON "flow_run" ("flow_id");
CREATE INDEX "ix_flow_run__flow_version" ON "flow_run" ("flow_version");
CREATE INDEX "ix_flow_run__infrastructure_document_id" ON "flow_run" ("infrastructure_document_id");
CREATE INDEX "ix_flow_run__name" ON "flow_run" ("name");
CREATE INDEX "ix_flow_run__next_scheduled_start_time_asc" ON "flow_run" ("next_scheduled_start_time");
CREATE INDEX "ix_flow_run__parent_task_run_id" ON "flow_run" ("parent_task_run_id");
CREATE INDEX "ix_flow_run__start_time" ON "flow_run" ("start_time");
CREATE INDEX "ix_flow_run__state_id" ON "flow_run" ("state_id");
CREATE INDEX "ix_flow_run__state_name" ON "flow_run" ("state_name");
CREATE INDEX "ix_flow_run__state_timestamp" ON "flow_run" ("state_timestamp");
CREATE INDEX "ix_flow_run__state_type" ON "flow_run" ("state_type");
CREATE INDEX "ix_flow_run__updated" ON "flow_run" ("updated");
CREATE INDEX "ix_flow_run__work_queue_id" ON "flow_run" ("work_queue_id");
CREATE INDEX "ix_flow_run__work_queue_name" ON "flow_run" ("work_queue_name");
CREATE UNIQUE INDEX "uq_flow_run__flow_id_idempotency_key" ON "flow_run" ("flow_id", "idempotency_key");
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
CREATE INDEX "ix_deployment_schedule__deployment_id" ON "deployment_schedule" ("deployment_id");
CREATE INDEX "ix_deployment_schedule__updated" ON "deployment_schedule" ("updated");
CREATE INDEX "ix_deployment__created" ON "deployment" ("created");
CREATE INDEX "ix_deployment__flow_id" ON "deployment" ("flow_id");
CREATE INDEX "ix_deployment__paused" ON "deployment" ("paused");
CREATE INDEX "ix_deployment__updated" ON "deployment" ("updated");
CREATE INDEX "ix_deployment__work_queue_id" ON "deployment" ("work_queue_id");
CREATE INDEX "ix_deployment__work_queue_name" ON "deployment" ("work_queue_name");
CREATE UNIQUE INDEX "uq_deployment__flow_id_name" ON "deployment" ("flow_id", "name");
CREATE INDEX "ix_log__flow_run_id" ON "log" ("flow_run_id");
CREATE INDEX "ix_log__flow_run_id_timestamp" ON "log" ("flow_run_id", "timestamp");
CREATE INDEX "ix_log__level" ON "log" ("level");
CREATE INDEX "ix_log__task_run_id" ON "log" ("task_run_id");
CREATE INDEX "ix_log__timestamp" ON "log" ("timestamp");
CREATE INDEX "ix_log__updated" ON "log" ("updated");
CREATE INDEX "ix_concurrency_limit__updated" ON "concurrency_limit" ("updated");
CREATE UNIQUE INDEX "uq_concurrency_limit__tag" ON "concurrency_limit" ("tag");
CREATE INDEX "ix_concurrency_limit_v2__updated" ON "concurrency_limit_v2" ("updated");
CREATE INDEX "ix_block_type__updated" ON "block_type" ("updated");
CREATE UNIQUE INDEX "uq_block_type__slug" ON "block_type" ("slug");
CREATE INDEX "ix_block_schema__block_type_id" ON "block_schema" ("block_type_id");
CREATE INDEX "ix_block_schema__created" ON "block_schema" ("created");
CREATE INDEX "ix_block_schema__updated" ON "block_schema" ("updated");
CREATE UNIQUE INDEX "uq_block_schema__checksum_version" ON "block_schema" ("checksum", "version");
CREATE INDEX "ix_block_schema_reference__updated" ON "block_schema_reference" ("updated");
CREATE INDEX "ix_block_document__is_anonymous" ON "block_document" ("is_anonymous");
CREATE INDEX "ix_block_document__name" ON "block_document" ("name");
CREATE INDEX "ix_block_document__updated" ON "block_document" ("updated");
CREATE UNIQUE INDEX "uq_block__type_id_name" ON "block_document" ("block_type_id", "name");
CREATE INDEX "ix_block_document_reference__updated" ON "block_document_reference" ("updated");
CREATE INDEX "ix_configuration__key" ON "configuration" ("key");
CREATE INDEX "ix_configuration__updated" ON "configuration" ("updated");
CREATE INDEX "ix_saved_search__updated" ON "saved_search" ("updated");
CREATE INDEX "ix_work_queue__updated" ON "work_queue" ("updated");
CREATE INDEX "ix_work_queue__work_pool_id" ON "work_queue" ("work_pool_id");
CREATE INDEX "ix_work_queue__work_pool_id_priority" ON "work_queue" ("work_pool_id", "priority");
CREATE INDEX "ix_work_pool__type" ON "work_pool" ("type");
CREATE INDEX "ix_work_pool__updated" ON "work_pool" ("updated");
CREATE INDEX "ix_worker__updated" ON "worker" ("updated");
CREATE INDEX "ix_worker__work_pool_id" ON "worker" ("work_pool_id");
CREATE INDEX "ix_worker__work_pool_id_last_heartbeat_time" ON "worker" ("work_pool_id", "last_heartbeat_time");
CREATE INDEX "ix_agent__updated" ON "agent" ("updated");
CREATE INDEX "ix_agent__work_queue_id" ON "agent" ("work_queue_id");
CREATE INDEX "ix_flow_run_notification_policy__updated" ON "flow_run_notification_policy" ("updated");
CREATE INDEX "ix_flow_run_notification_queue__updated" ON "flow_run_notification_queue" ("updated");
CREATE INDEX "ix_variable__updated" ON "variable" ("updated");
CREATE INDEX "ix_flow_run_input__updated" ON "flow_run_input" ("updated");
CREATE INDEX "ix_csrf_token__updated" ON "csrf_token" ("updated");
CREATE INDEX "ix_automation__updated" ON "automation" ("updated");
CREATE INDEX "ix_automation_bucket__automation_id__end" ON "automation_bucket" ("automation_id", "end");
CREATE INDEX "ix_automation_bucket__updated" ON "automation_bucket" ("updated");
CREATE UNIQUE INDEX "uq_automation_bucket__automation_id__trigger_id__bucketing_key" ON "automation_bucket" ("automation_id", "trigger_id", "bucketing_key");
CREATE INDEX "ix_automation_related_resource__resource_id" ON "automation_related_resource" ("resource_id");
CREATE INDEX "ix_automation_related_resource__updated" ON "automation_related_resource" ("updated");
CREATE UNIQUE INDEX "uq_automation_related_resource__automation_id__resource_id" ON "automation_related_resource" ("automation_id", "resource_id");
CREATE INDEX "ix_composite_trigger_child_firing__updated" ON "composite_trigger_child_firing" ("updated");
CREATE UNIQUE INDEX "uq_composite_trigger_child_firing__a_id__pt_id__ct__id" ON "composite_trigger_child_firing" ("automation_id", "parent_trigger_id", "child_trigger_id");
CREATE INDEX "ix_automation_event_follower__leader_event_id" ON "automation_event_follower" ("leader_event_id");
CREATE INDEX "ix_automation_event_follower__received" ON "automation_event_follower" ("received");
CREATE INDEX "ix_automation_event_follower__scope" ON "automation_event_follower" ("scope");
CREATE INDEX "ix_automation_event_follower__updated" ON "automation_event_follower" ("updated");
CREATE UNIQUE INDEX "uq_follower_for_scope" ON "automation_event_follower" ("scope", "follower_event_id");
CREATE INDEX "ix_events__event__id" ON "events" ("event", "id");
CREATE INDEX "ix_events__event_occurred_id" ON "events" ("event", "occurred", "id");
CREATE INDEX "ix_events__event_related_occurred" ON "events" ("event", "related", "occurred");
CREATE INDEX "ix_events__event_resource_id_occurred" ON "events" ("event", "resource_id", "occurred");
CREATE INDEX "ix_events__occurred" ON "events" ("occurred");
CREATE INDEX "ix_events__occurred_id" ON "events" ("occurred", "id");
CREATE INDEX "ix_events__related_resource_ids" ON "events" ("related_resource_ids");
CREATE INDEX "ix_events__updated" ON "events" ("updated");
CREATE INDEX "ix_event_resources__resource_id__occurred" ON "event_resources" ("resource_id", "occurred");
CREATE INDEX "ix_event_resources__updated" ON "event_resources" ("updated");
CREATE INDEX trgm_ix_flow_name ON flow USING gin (name gin_trgm_ops);
CREATE INDEX trgm_ix_flow_run_name ON flow_run USING gin (name gin_trgm_ops);
CREATE INDEX trgm_ix_task_run_name ON task_run USING gin (name gin_trgm_ops);
CREATE INDEX trgm_ix_deployment_name ON deployment USING gin (name gin_trgm_ops);
CREATE INDEX trgm_ix_block_type_name ON block_type USING gin (name gin_trgm_ops);
CREATE INDEX trgm_ix_block_document_name ON block_document USING gin (name gin_trgm_ops);
CREATE INDEX trgm_ix_work_queue_name ON work_queue USING gin (name gin_trgm_ops);
CREATE INDEX ix_block_schema__capabilities ON block_schema USING gin (capabilities);
CREATE INDEX ix_block_document__block_type_name__name ON block_document (block_type_name, name);
CREATE INDEX ix_flow_run__end_time_desc ON flow_run (end_time DESC);
CREATE INDEX ix_flow_run__expected_start_time_desc ON flow_run (expected_start_time DESC);
CREATE INDEX ix_task_run__end_time_desc ON task_run (end_time DESC);
CREATE INDEX ix_task_run__expected_start_time_desc ON task_run (expected_start_time DESC);
CREATE INDEX ix_flow_run__coalesce_start_time_expected_start_time_asc ON flow_run (COALESCE(start_time, expected_start_time));
CREATE INDEX ix_flow_run__coalesce_start_time_expected_start_time_desc ON flow_run (COALESCE(start_time, expected_start_time) DESC);
CREATE UNIQUE INDEX uq_flow_run_state__flow_run_id_timestamp_desc ON flow_run_state (flow_run_id, timestamp DESC);
CREATE UNIQUE INDEX uq_task_run_state__task_run_id_timestamp_desc ON task_run_state (task_run_id, timestamp DESC);
CREATE INDEX ix_flow_run__scheduler_deployment_id_auto_scheduled_next_schedu ON flow_run (deployment_id, auto_scheduled, next_scheduled_start_time) WHERE state_type = 'SCHEDULED';
CREATE INDEX ix_artifact__key_created_desc ON artifact (key, created DESC) INCLUDE (id, updated, type, task_run_id, flow_run_id);
CREATE TABLE "alembic_version" (
	"version_num" VARCHAR(32) NOT NULL,
	CONSTRAINT "alembic_version_pkc" PRIMARY KEY ("version_num")
);
INSERT INTO "alembic_version" ("version_num") VALUES ('97429116795e');

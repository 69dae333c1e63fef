-- Rollback of version 0001_prefect_3_0 (PostgreSQL), frozen: drops every table
-- and enum type the version created, and the pg_trgm extension unless some
-- other object still depends on it.

DROP TABLE "event_resources", "events", "automation_event_follower", "composite_trigger_child_firing", "automation_related_resource", "automation_bucket", "automation", "csrf_token", "flow_run_input", "variable", "flow_run_notification_queue", "flow_run_notification_policy", "agent", "worker", "saved_search", "configuration", "log", "concurrency_limit_v2", "concurrency_limit", "deployment_schedule", "deployment", "task_run_state_cache", "task_run_state", "task_run", "flow_run_state", "flow_run", "work_pool", "work_queue", "artifact_collection", "artifact", "block_document_reference", "block_document", "block_schema_reference", "block_schema", "block_type", "flow", "alembic_version";
DROP TYPE "deployment_status", "state_type", "work_pool_status", "work_queue_status", "worker_status";
DO $$ BEGIN DROP EXTENSION IF EXISTS pg_trgm; EXCEPTION WHEN dependent_objects_still_exist THEN NULL; END $$;

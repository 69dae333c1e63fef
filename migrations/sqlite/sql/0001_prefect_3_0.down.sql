-- Rollback of version 0001_prefect_3_0 (SQLite), frozen: drops every table the
-- version created, referencing tables before the tables they reference, so the
-- implicit DELETE of each DROP TABLE (foreign_keys=ON) finds no dependent rows.

DROP TABLE "event_resources";
DROP TABLE "events";
DROP TABLE "automation_event_follower";
DROP TABLE "composite_trigger_child_firing";
DROP TABLE "automation_related_resource";
DROP TABLE "automation_bucket";
DROP TABLE "automation";
DROP TABLE "csrf_token";
DROP TABLE "flow_run_input";
DROP TABLE "variable";
DROP TABLE "flow_run_notification_queue";
DROP TABLE "flow_run_notification_policy";
DROP TABLE "agent";
DROP TABLE "worker";
DROP TABLE "saved_search";
DROP TABLE "configuration";
DROP TABLE "log";
DROP TABLE "concurrency_limit_v2";
DROP TABLE "concurrency_limit";
DROP TABLE "deployment_schedule";
DROP TABLE "deployment";
DROP TABLE "task_run_state_cache";
DROP TABLE "task_run_state";
DROP TABLE "task_run";
DROP TABLE "flow_run_state";
DROP TABLE "flow_run";
DROP TABLE "work_pool";
DROP TABLE "work_queue";
DROP TABLE "artifact_collection";
DROP TABLE "artifact";
DROP TABLE "block_document_reference";
DROP TABLE "block_document";
DROP TABLE "block_schema_reference";
DROP TABLE "block_schema";
DROP TABLE "block_type";
DROP TABLE "flow";
DROP TABLE "alembic_version";

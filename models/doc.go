// Package models is Prefect's server data model (Prefect 3.8.3's schema) as
// GORM models, one file per aggregate: flows and flow runs, task runs, their
// state histories, deployments with schedules and versions, work pools,
// queues and workers, logs, artifacts, blocks, variables, concurrency
// limits, automations and events. models.All lists one value of every
// table's model; models.Dropped lists the models of tables Prefect has
// since dropped.
//
// Every model embeds Base (id, created, updated), filled by package hooks.
// Runs embed Run, so run fields are set as FlowRun{Run: Run{Name: …}} or
// with NewFlowRun and NewTaskRun.
//
// Column types choose their DDL and stored form per dialect, so that rows
// are stored exactly as Prefect stores them: UUID, Timestamp, Interval,
// JSON[T] and PlainJSON[T], and the enums StateType, DeploymentStatus,
// WorkQueueStatus, WorkPoolStatus and WorkerStatus. A value that cannot be
// read or stored faithfully is an error naming the table.column and the
// value, never a silent default. Nullable columns are pointers.
//
// The JSON columns Prefect types with Pydantic models are typed documents
// (StateDetails, FlowRunPolicy, TaskRunPolicy, Schedule, Trigger, Action,
// ReceivedEvent, KeyValueLabels, ConcurrencyOptions, …), decoded strictly
// (one document, case-sensitive keys) and checked by Validate with
// Prefect's validators before any SQL is sent.
//
// Also here: Prefect's sort enums (FlowRunSort and the others), usable with
// db.Clauses, db.Scopes and gorm.G; the hybrid properties of runs as Go
// methods (Run.EstimatedRunTime, Run.EstimatedStartTimeDelta); a state's
// result (FlowRunState.Data); and Fernet encryption of block data
// (BlockDocument.EncryptData, DecryptData).
package models

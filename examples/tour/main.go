// Command tour writes a small, realistic Prefect workspace through
// prefectorm's public API, touching every one of the 35 tables of Prefect
// 3.8.3's schema, and prints one line per table with its row count:
//
//	go run ./examples/tour
//	go run ./examples/tour -url postgresql://postgres@127.0.0.1:5432/prefect
//
// Read it top to bottom as the API tour: upserts through the dialect's
// conflict keys, state transitions by inserting states, encrypted block
// documents, labels, deployment versions and global concurrency limits,
// automations with their buckets and firings, and events with their
// resources. Each part runs in one transaction.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/dialects"
	"github.com/prefectorm/prefectorm/dialects/auto"
	"github.com/prefectorm/prefectorm/migrations"
	"github.com/prefectorm/prefectorm/models"
)

func main() {
	url := flag.String("url", "sqlite:///prefect-tour.db", "database URL: sqlite:///file.db or postgresql://user:password@host:5432/db")
	flag.Parse()
	if err := run(context.Background(), *url, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "tour:", err)
		os.Exit(1)
	}
}

// workspace holds what the tour's parts create and later parts refer to.
type workspace struct {
	ctx        context.Context
	slack      models.BlockDocument
	pool       models.WorkPool
	queue      models.WorkQueue
	flow       models.Flow
	deployment models.Deployment
	flowRun    models.FlowRun
	running    models.FlowRunState
	taskRun    models.TaskRun
	automation models.Automation
	event      models.Event
}

// run opens the database at url, migrates it, writes the workspace and
// prints the row count of every table to out.
func run(ctx context.Context, url string, out io.Writer) error {
	db, dialect, err := auto.Open(ctx, url, dialects.Options{})
	if err != nil {
		return err
	}
	if sqlDB, err := db.DB(); err == nil {
		defer sqlDB.Close()
	}
	if err := migrations.Migrate(ctx, db, dialect); err != nil {
		return err
	}
	db = db.WithContext(ctx)
	ws := &workspace{ctx: ctx}
	parts := []struct {
		name string
		fn   func(tx *gorm.DB) error
	}{
		{"blocks", ws.blocks},
		{"work pool", ws.workPool},
		{"deployment", ws.deploy},
		{"flow run", ws.runFlow},
		{"deployment version", ws.version},
		{"settings", ws.settings},
		{"events", ws.events},
		{"automation", ws.automate},
	}
	for _, p := range parts {
		if err := db.Transaction(p.fn); err != nil {
			return fmt.Errorf("%s: %w", p.name, err)
		}
	}
	return printCounts(db, out)
}

// blocks registers a block type with two schemas (one referencing the
// other) and two documents with encrypted data, one referencing the other.
func (ws *workspace) blocks(tx *gorm.DB) error {
	slackType := models.BlockType{Name: "Slack Webhook", Slug: "slack-webhook", Description: ptr("Send notifications to Slack")}
	secretType := models.BlockType{Name: "Secret", Slug: "secret"}
	for _, bt := range []*models.BlockType{&slackType, &secretType} {
		if err := dialects.Upsert(ws.ctx, tx, bt); err != nil {
			return err
		}
	}
	secretSchema := models.BlockSchema{Checksum: "sha256:6b2a2c1f", Version: "3.0.0", BlockTypeID: secretType.ID,
		Fields: models.NewJSON(map[string]any{"title": "Secret", "type": "object"})}
	slackSchema := models.BlockSchema{Checksum: "sha256:94d0a7e3", Version: "3.0.0", BlockTypeID: slackType.ID,
		Capabilities: models.NewJSON([]string{"notify"}),
		Fields:       models.NewJSON(map[string]any{"title": "SlackWebhook", "type": "object", "required": []string{"url"}})}
	for _, bs := range []*models.BlockSchema{&secretSchema, &slackSchema} {
		if err := dialects.Upsert(ws.ctx, tx, bs); err != nil {
			return err
		}
	}
	if err := tx.Create(&models.BlockSchemaReference{Name: "url", ParentBlockSchemaID: slackSchema.ID,
		ReferenceBlockSchemaID: secretSchema.ID}).Error; err != nil {
		return err
	}
	secret := models.BlockDocument{Name: "slack-url", BlockTypeID: secretType.ID, BlockSchemaID: secretSchema.ID}
	if err := secret.EncryptData(tx, map[string]any{"value": "https://hooks.slack.com/services/T000/B000/XXXX"}); err != nil {
		return err
	}
	ws.slack = models.BlockDocument{Name: "ops-alerts", BlockTypeID: slackType.ID, BlockSchemaID: slackSchema.ID,
		BlockTypeName: &slackType.Name}
	if err := ws.slack.EncryptData(tx, map[string]any{"notify_type": "prefect_default"}); err != nil {
		return err
	}
	for _, doc := range []*models.BlockDocument{&secret, &ws.slack} {
		if err := dialects.Upsert(ws.ctx, tx, doc); err != nil {
			return err
		}
	}
	return tx.Create(&models.BlockDocumentReference{Name: "url", ParentBlockDocumentID: ws.slack.ID,
		ReferenceBlockDocumentID: secret.ID}).Error
}

// workPool finds or creates a work pool with its default queue, a worker polling
// it and a legacy agent.
func (ws *workspace) workPool(tx *gorm.DB) error {
	ws.pool = models.WorkPool{Name: "k8s-pool", Type: "kubernetes", Status: models.WorkPoolReady,
		BaseJobTemplate: models.NewJSON(map[string]any{"job_configuration": map[string]any{}, "variables": map[string]any{}}),
		StorageConfiguration: models.NewJSON(models.WorkPoolStorageConfiguration{
			BundleUploadStep: map[string]any{"prefect_aws.experimental.bundles.upload": map[string]any{"bucket": "etl-bundles"}},
		})}
	if err := tx.Where("name = ?", ws.pool.Name).FirstOrCreate(&ws.pool).Error; err != nil {
		return err
	}
	ws.queue = models.WorkQueue{Name: "default", WorkPoolID: ws.pool.ID, Priority: 1, Status: models.WorkQueueReady,
		Description: "The work pool's default queue."}
	if err := tx.Where("work_pool_id = ? AND name = ?", ws.pool.ID, ws.queue.Name).FirstOrCreate(&ws.queue).Error; err != nil {
		return err
	}
	if err := tx.Model(&ws.pool).Update("default_queue_id", ws.queue.ID).Error; err != nil {
		return err
	}
	now := models.Now()
	worker := models.Worker{WorkPoolID: ws.pool.ID, Name: "worker-7f3c", LastHeartbeatTime: now,
		HeartbeatIntervalSeconds: ptr(30), Status: models.WorkerOnline}
	if err := tx.Where("work_pool_id = ? AND name = ?", ws.pool.ID, worker.Name).FirstOrCreate(&worker).Error; err != nil {
		return err
	}
	agent := models.Agent{Name: "legacy-agent", WorkQueueID: ws.queue.ID, LastActivityTime: now}
	return tx.Where("name = ?", agent.Name).FirstOrCreate(&agent).Error
}

// deploy registers the flow "etl" and its deployment "hourly" with an
// interval schedule, and the concurrency limits its runs take slots of: the
// deployment's global limit (one run at a time, new runs queued) and a
// tag limit.
func (ws *workspace) deploy(tx *gorm.DB) error {
	labels := models.KeyValueLabels{"team": models.StringLabel("data"), "tier": models.IntLabel(1)}
	ws.flow = models.Flow{Name: "etl", Tags: models.NewJSON([]string{"warehouse"}), Labels: models.NewJSON(labels)}
	if err := dialects.Upsert(ws.ctx, tx, &ws.flow); err != nil {
		return err
	}
	ws.deployment = models.Deployment{FlowID: ws.flow.ID, Name: "hourly", WorkQueueID: ws.queue.ID.Ptr(),
		WorkQueueName: &ws.queue.Name, Entrypoint: ptr("flows/etl.py:etl"), Status: models.DeploymentReady,
		Parameters: models.NewJSON(map[string]any{"table": "orders"}), Tags: models.NewJSON([]string{"warehouse"}),
		Labels:             models.NewJSON(labels),
		ConcurrencyOptions: models.NewJSON(&models.ConcurrencyOptions{CollisionStrategy: models.CollisionEnqueue})}
	if err := dialects.Upsert(ws.ctx, tx, &ws.deployment); err != nil {
		return err
	}
	// The slug names the schedule, unique per deployment; its parameters
	// override the deployment's.
	hourly := models.NewIntervalSchedule(time.Hour)
	schedule := models.DeploymentSchedule{DeploymentID: ws.deployment.ID, Slug: ptr("hourly-orders"),
		Schedule:   models.NewJSON(models.NewSchedule(&hourly)),
		Parameters: models.NewJSON(map[string]any{"table": "orders", "full_refresh": false})}
	if err := tx.Where("deployment_id = ? AND slug = ?", schedule.DeploymentID, *schedule.Slug).FirstOrCreate(&schedule).Error; err != nil {
		return err
	}
	if err := dialects.Upsert(ws.ctx, tx, &models.ConcurrencyLimit{Tag: "warehouse", ConcurrencyLimit: 4,
		ActiveSlots: models.NewJSON([]string{})}); err != nil {
		return err
	}
	limit := models.NewConcurrencyLimitV2("deployment:"+ws.deployment.ID.String(), 1)
	if err := tx.Where("name = ?", limit.Name).FirstOrCreate(&limit).Error; err != nil {
		return err
	}
	ws.deployment.ConcurrencyLimitID = limit.ID.Ptr()
	return tx.Model(&ws.deployment).Update("concurrency_limit_id", limit.ID).Error
}

// version records the deployment's configuration as a version on the main
// branch and makes it the deployment's current version.
func (ws *workspace) version(tx *gorm.DB) error {
	v := models.DeploymentVersion{DeploymentID: ws.deployment.ID, Branch: ptr("main"),
		VersionInfo: models.NewJSON(models.VersionInfo{Type: "vcs:git", Version: "9f1c2e7",
			Extra: map[string]any{"branch": "main", "url": "https://github.com/acme/etl"}}),
		Entrypoint: ws.deployment.Entrypoint, Parameters: ws.deployment.Parameters, Tags: ws.deployment.Tags,
		Labels: ws.deployment.Labels, WorkQueueID: ws.deployment.WorkQueueID, WorkQueueName: ws.deployment.WorkQueueName}
	if err := tx.Where("deployment_id = ? AND branch = ?", v.DeploymentID, *v.Branch).FirstOrCreate(&v).Error; err != nil {
		return err
	}
	return tx.Model(&ws.deployment).Update("version_id", v.ID).Error
}

// runFlow runs the deployment once: the flow run moves through Scheduled,
// Pending, Running and Completed by inserting states; a task run with a
// cached result, a log, a keyed result artifact and a run input go with it.
func (ws *workspace) runFlow(tx *gorm.DB) error {
	start := time.Now().UTC().Truncate(time.Millisecond)
	at := func(d time.Duration) models.Timestamp { return models.NewTimestamp(start.Add(d)) }
	ws.flowRun = models.FlowRun{FlowID: ws.flow.ID, DeploymentID: ws.deployment.ID.Ptr(), WorkQueueID: ws.queue.ID.Ptr(),
		WorkQueueName: &ws.queue.Name, IdempotencyKey: ptr("scheduled-" + start.Format(time.RFC3339Nano)),
		Parameters: models.NewJSON(map[string]any{"table": "orders"}), Labels: ws.deployment.Labels}
	if err := dialects.Upsert(ws.ctx, tx, &ws.flowRun); err != nil {
		return err
	}
	scheduled := models.NewISOTime(start)
	states := []models.FlowRunState{
		{Type: models.StateScheduled, Timestamp: at(0)},
		{Type: models.StatePending, Timestamp: at(time.Second)},
		{Type: models.StateRunning, Timestamp: at(2 * time.Second)},
	}
	states[0].StateDetails.V.ScheduledTime = &scheduled
	for i := range states {
		states[i].FlowRunID = ws.flowRun.ID
		if err := tx.Create(&states[i]).Error; err != nil {
			return err
		}
	}
	ws.running = states[2]

	ws.taskRun = models.TaskRun{FlowRunID: ws.flowRun.ID.Ptr(), TaskKey: "extract-4f1e", DynamicKey: "0",
		CacheKey: ptr("extract-orders-2024-08-19")}
	if err := dialects.Upsert(ws.ctx, tx, &ws.taskRun); err != nil {
		return err
	}
	var completedTask models.TaskRunState
	for i, typ := range []models.StateType{models.StatePending, models.StateRunning, models.StateCompleted} {
		state := models.TaskRunState{TaskRunID: ws.taskRun.ID, Type: typ, Timestamp: at(2*time.Second + time.Duration(i+1)*100*time.Millisecond)}
		if err := tx.Create(&state).Error; err != nil {
			return err
		}
		completedTask = state
	}
	if err := tx.Create(&models.TaskRunStateCache{CacheKey: *ws.taskRun.CacheKey, TaskRunStateID: completedTask.ID,
		CacheExpiration: at(24 * time.Hour).Ptr()}).Error; err != nil {
		return err
	}
	if err := tx.Create(&models.Log{Name: "prefect.task_runs", Level: 20, FlowRunID: ws.flowRun.ID.Ptr(),
		TaskRunID: ws.taskRun.ID.Ptr(), Message: "Extracted 1204 rows from orders", Timestamp: at(2500 * time.Millisecond)}).Error; err != nil {
		return err
	}
	if err := tx.Create(&models.FlowRunInput{FlowRunID: ws.flowRun.ID, Key: "approval", Value: `{"approved": true}`,
		Sender: ptr("prefect.flow-run.approver")}).Error; err != nil {
		return err
	}
	result := models.Artifact{Key: ptr("orders-summary"), Type: ptr("markdown"), FlowRunID: ws.flowRun.ID.Ptr(),
		Description: ptr("Rows loaded per table"), Data: models.NewPlainJSON[any]("| table | rows |\n|---|---|\n| orders | 1204 |")}
	if err := dialects.CreateArtifact(ws.ctx, tx, &result); err != nil {
		return err
	}
	return tx.Create(&models.FlowRunState{FlowRunID: ws.flowRun.ID, Type: models.StateCompleted, Timestamp: at(3 * time.Second),
		ResultArtifactID: result.ID.Ptr()}).Error
}

// settings writes a variable, a saved search and a CSRF token.
func (ws *workspace) settings(tx *gorm.DB) error {
	variable := models.Variable{Name: "warehouse_schema", Value: models.NewPlainJSON[any]("analytics"),
		Tags: models.NewJSON([]string{"warehouse"})}
	if err := tx.Where("name = ?", variable.Name).FirstOrCreate(&variable).Error; err != nil {
		return err
	}
	search := models.SavedSearch{Name: "Failed warehouse runs", Filters: models.NewJSON([]map[string]any{
		{"object": "flow_run", "property": "state", "type": "state", "operation": "any", "value": []string{"FAILED"}},
	})}
	if err := dialects.Upsert(ws.ctx, tx, &search); err != nil {
		return err
	}
	return tx.Create(&models.CsrfToken{Token: models.NewUUID().String(), Client: "browser-" + models.NewUUID().String()[:8],
		Expiration: models.NewTimestamp(time.Now().Add(time.Hour))}).Error
}

// events records the flow run's completion event with its resources.
func (ws *workspace) events(tx *gorm.DB) error {
	now := models.Now()
	resource := map[string]string{"prefect.resource.id": "prefect.flow-run." + ws.flowRun.ID.String(),
		"prefect.resource.name": ws.flowRun.Name}
	related := map[string]string{"prefect.resource.id": "prefect.flow." + ws.flow.ID.String(),
		"prefect.resource.role": "flow", "prefect.resource.name": ws.flow.Name}
	ws.event = models.Event{Occurred: now, Event: "prefect.flow-run.Completed", ResourceID: resource["prefect.resource.id"],
		Resource: models.NewJSON(resource), RelatedResourceIDs: models.NewJSON([]string{related["prefect.resource.id"]}),
		Related: models.NewJSON([]map[string]string{related}), Payload: models.NewJSON(map[string]any{}),
		Received: now, Recorded: now}
	if err := tx.Create(&ws.event).Error; err != nil {
		return err
	}
	return tx.Create(&[]models.EventResource{
		{Occurred: now, ResourceID: resource["prefect.resource.id"], ResourceRole: "", Resource: models.NewPlainJSON(resource), EventID: ws.event.ID},
		{Occurred: now, ResourceID: related["prefect.resource.id"], ResourceRole: "flow", Resource: models.NewPlainJSON(related), EventID: ws.event.ID},
	}).Error
}

// automate creates an automation that notifies Slack when a warehouse run
// fails, with its related resource, an open bucket, a composite firing and
// an event waiting for its leader.
func (ws *workspace) automate(tx *gorm.DB) error {
	trigger := models.NewEventTrigger(models.PostureReactive)
	trigger.Expect = models.StringSet{"prefect.flow-run.Failed"}
	trigger.Match = models.ResourceSpecification{"prefect.resource.id": "prefect.flow-run.*"}
	ws.automation = models.Automation{Name: "Warehouse failures", Description: "Tell #ops when an ETL run fails",
		Tags:    models.NewJSON([]string{"warehouse", "ops"}),
		Trigger: models.NewJSON(models.NewServerTrigger(trigger)),
		Actions: models.NewJSON([]models.Action{{Type: models.ActionSendNotification, BlockDocumentID: ws.slack.ID,
			Body: "Flow run {{ flow_run.name }} failed"}})}
	if err := tx.Create(&ws.automation).Error; err != nil {
		return err
	}
	if err := tx.Create(&models.AutomationRelatedResource{AutomationID: ws.automation.ID,
		ResourceID: ptr("prefect.deployment." + ws.deployment.ID.String()), AutomationOwnedByResource: false}).Error; err != nil {
		return err
	}
	now := time.Now().UTC()
	if err := tx.Create(&models.AutomationBucket{AutomationID: ws.automation.ID, TriggerID: trigger.ID,
		BucketingKey: models.NewJSON([]string{}), Start: models.NewTimestamp(now), End: models.NewTimestamp(now.Add(time.Minute)),
		Count: 0}).Error; err != nil {
		return err
	}
	firing := models.Firing{ID: models.NewUUID(), Trigger: models.NewServerTrigger(trigger),
		TriggerStates: []models.TriggerState{models.TriggerStateTriggered}, Triggered: models.NewISOTime(now)}
	if err := tx.Create(&models.CompositeTriggerChildFiring{AutomationID: ws.automation.ID, ParentTriggerID: models.NewUUID(),
		ChildTriggerID: trigger.ID, ChildFiringID: firing.ID, ChildFiredAt: models.NewTimestamp(now).Ptr(),
		ChildFiring: models.NewJSON(firing)}).Error; err != nil {
		return err
	}
	follower := models.ReceivedEvent{Occurred: models.NewISOTime(now), Event: "prefect.flow-run.Running",
		Resource: map[string]string{"prefect.resource.id": "prefect.flow-run." + ws.flowRun.ID.String()},
		ID:       models.NewUUID(), Follows: ws.event.ID.Ptr(), Received: models.NewISOTime(now)}
	return tx.Create(&models.AutomationEventFollower{Scope: "", LeaderEventID: ws.event.ID, FollowerEventID: follower.ID,
		Received: models.NewTimestamp(now), Follower: models.NewJSON(follower)}).Error
}

// printCounts prints every table of the schema with its row count.
func printCounts(db *gorm.DB, out io.Writer) error {
	for _, model := range models.All() {
		stmt := &gorm.Statement{DB: db}
		if err := stmt.Parse(model); err != nil {
			return err
		}
		var n int64
		if err := db.Table(stmt.Schema.Table).Count(&n).Error; err != nil {
			return fmt.Errorf("count %s: %w", stmt.Schema.Table, err)
		}
		fmt.Fprintf(out, "%-32s %d\n", stmt.Schema.Table, n)
	}
	return nil
}

func ptr[T any](v T) *T { return &v }

package models

// All returns one pointer to every model, one per table of Prefect 3.8.3's
// schema, in the order the schema builder creates them. Models of tables
// Prefect has dropped are listed by Dropped instead.
func All() []any {
	return []any{
		&Flow{}, &FlowRunState{}, &TaskRunState{}, &Artifact{}, &ArtifactCollection{},
		&TaskRunStateCache{}, &FlowRun{}, &TaskRun{}, &DeploymentSchedule{}, &Deployment{},
		&Log{}, &ConcurrencyLimit{}, &ConcurrencyLimitV2{}, &BlockType{}, &BlockSchema{},
		&BlockSchemaReference{}, &BlockDocument{}, &BlockDocumentReference{}, &Configuration{},
		&SavedSearch{}, &WorkQueue{}, &WorkPool{}, &Worker{}, &Agent{},
		&Variable{}, &FlowRunInput{}, &DeploymentVersion{},
		&CsrfToken{}, &Automation{}, &AutomationBucket{}, &AutomationRelatedResource{},
		&CompositeTriggerChildFiring{}, &AutomationEventFollower{}, &Event{}, &EventResource{},
	}
}

// Dropped returns one pointer to every model of a table that Prefect has
// dropped but an older prefectorm version can still target:
// flow_run_notification_policy and flow_run_notification_queue (dropped by
// Prefect 3.4.0). CreateSchema does not create them.
func Dropped() []any {
	return []any{&FlowRunNotificationPolicy{}, &FlowRunNotificationQueue{}}
}

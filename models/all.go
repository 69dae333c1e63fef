package models

// All returns one pointer to every model, one per table of Prefect's schema,
// in the order the schema builder creates them.
func All() []any {
	return []any{
		&Flow{}, &FlowRunState{}, &TaskRunState{}, &Artifact{}, &ArtifactCollection{},
		&TaskRunStateCache{}, &FlowRun{}, &TaskRun{}, &DeploymentSchedule{}, &Deployment{},
		&Log{}, &ConcurrencyLimit{}, &ConcurrencyLimitV2{}, &BlockType{}, &BlockSchema{},
		&BlockSchemaReference{}, &BlockDocument{}, &BlockDocumentReference{}, &Configuration{},
		&SavedSearch{}, &WorkQueue{}, &WorkPool{}, &Worker{}, &Agent{},
		&FlowRunNotificationPolicy{}, &FlowRunNotificationQueue{}, &Variable{}, &FlowRunInput{},
		&CsrfToken{}, &Automation{}, &AutomationBucket{}, &AutomationRelatedResource{},
		&CompositeTriggerChildFiring{}, &AutomationEventFollower{}, &Event{}, &EventResource{},
	}
}

package models

// QueueFilter is the legacy work-queue filter stored in work_queue.filter
// (prefect.server.schemas.core.QueueFilter). Both fields default to null: a
// nil slice is written as null, a non-nil empty slice as []. Unknown keys
// are ignored on read, as PrefectBaseModel does.
type QueueFilter struct {
	// Tags limits the queue to deployments carrying these tags.
	Tags []string `json:"tags"`
	// DeploymentIDs limits the queue to these deployments.
	DeploymentIDs []UUID `json:"deployment_ids"`
}

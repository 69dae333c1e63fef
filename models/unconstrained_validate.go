package models

// Validate accepts every QueueFilter: Prefect's model has no rule beyond
// the field types.
func (QueueFilter) Validate() error { return nil }

// Validate accepts every CreatedBy: Prefect's model has no rule beyond the
// field types.
func (CreatedBy) Validate() error { return nil }

// Validate accepts every UpdatedBy: Prefect's model has no rule beyond the
// field types.
func (UpdatedBy) Validate() error { return nil }

// Validate accepts every StateDetails: Prefect's model has no rule beyond
// the field types.
func (StateDetails) Validate() error { return nil }

package models

// CreatedBy is Prefect's CreatedBy (columns flow_run.created_by and
// deployment.created_by): the actor that created the row. The column itself
// is nullable (use JSON[*CreatedBy]); every key is written, null when unset.
type CreatedBy struct {
	// ID is the creator's id (e.g. a deployment's or an automation's).
	ID *UUID `json:"id"`
	// Type is the kind of creator, e.g. DEPLOYMENT or AUTOMATION.
	Type *string `json:"type"`
	// DisplayValue is the creator's name as shown to users.
	DisplayValue *string `json:"display_value"`
}

// UpdatedBy is Prefect's UpdatedBy (column deployment.updated_by): the actor
// that last updated the row. Same shape as CreatedBy.
type UpdatedBy struct {
	// ID is the updater's id (e.g. a deployment's or an automation's).
	ID *UUID `json:"id"`
	// Type is the kind of updater, e.g. DEPLOYMENT or AUTOMATION.
	Type *string `json:"type"`
	// DisplayValue is the updater's name as shown to users.
	DisplayValue *string `json:"display_value"`
}

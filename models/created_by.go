package models

// CreatedBy is Prefect's CreatedBy (columns flow_run.created_by and
// deployment.created_by): the actor that created the row. The column itself
// is nullable (use JSON[*CreatedBy]); every key is written, null when unset.
type CreatedBy struct {
	ID           *UUID   `json:"id"`
	Type         *string `json:"type"`
	DisplayValue *string `json:"display_value"`
}

// UpdatedBy is Prefect's UpdatedBy (column deployment.updated_by): the actor
// that last updated the row. Same shape as CreatedBy.
type UpdatedBy struct {
	ID           *UUID   `json:"id"`
	Type         *string `json:"type"`
	DisplayValue *string `json:"display_value"`
}

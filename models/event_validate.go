package models

// ValidateRow applies Prefect's event rules to the columns written: the
// resource must hold a non-empty prefect.resource.id, and every related
// resource one and a non-empty prefect.resource.role (see ValidateResource
// and ValidateRelatedResources).
func (e Event) ValidateRow(writes func(column string) bool) error {
	if writes("resource") {
		if err := ValidateResource(e.Resource.V); err != nil {
			return inColumn("events.resource", err)
		}
	}
	if writes("related") {
		if err := ValidateRelatedResources(e.Related.V); err != nil {
			return inColumn("events.related", err)
		}
	}
	return nil
}

package models

import "fmt"

// Resource label names Prefect's Resource and RelatedResource require.
const (
	ResourceIDLabel   = "prefect.resource.id"
	ResourceRoleLabel = "prefect.resource.role"
)

// MaxLabelsPerResource and MaxRelatedResources are Prefect's defaults of
// PREFECT_EVENTS_MAXIMUM_LABELS_PER_RESOURCE and
// PREFECT_EVENTS_MAXIMUM_RELATED_RESOURCES, which its event models enforce
// on load. Raise them if the Prefect server reading the database is
// configured with larger limits.
var (
	MaxLabelsPerResource = 500
	MaxRelatedResources  = 500
)

// ValidateResource applies Prefect's Resource rules to a label map: a
// non-empty prefect.resource.id and at most MaxLabelsPerResource labels.
func ValidateResource(labels map[string]string) error {
	id, ok := labels[ResourceIDLabel]
	switch {
	case !ok:
		return invalid("", labels, "Resources must include the prefect.resource.id label")
	case id == "":
		return invalid(labelField("", ResourceIDLabel), id, "The prefect.resource.id label must be non-empty")
	case len(labels) > MaxLabelsPerResource:
		return invalid("", len(labels), fmt.Sprintf("The maximum number of labels per resource is %d", MaxLabelsPerResource))
	}
	return nil
}

// ValidateRelatedResource applies Prefect's RelatedResource rules: those
// of ValidateResource and a non-empty prefect.resource.role.
func ValidateRelatedResource(labels map[string]string) error {
	if err := ValidateResource(labels); err != nil {
		return err
	}
	role, ok := labels[ResourceRoleLabel]
	switch {
	case !ok:
		return invalid("", labels, "Related Resources must include the prefect.resource.role label")
	case role == "":
		return invalid(labelField("", ResourceRoleLabel), role, "The prefect.resource.role label must be non-empty")
	}
	return nil
}

// ValidateRelatedResources applies ValidateRelatedResource to each
// element (named "[i]") and allows at most MaxRelatedResources.
func ValidateRelatedResources(related []map[string]string) error {
	if len(related) > MaxRelatedResources {
		return invalid("", len(related), fmt.Sprintf("The maximum number of related resources is %d", MaxRelatedResources))
	}
	for i, r := range related {
		if err := ValidateRelatedResource(r); err != nil {
			return inField(fmt.Sprintf("[%d]", i), err)
		}
	}
	return nil
}

// Validate applies ReceivedEvent's rules to its resource and related
// resources.
func (e ReceivedEvent) Validate() error {
	if err := ValidateResource(e.Resource); err != nil {
		return inField("resource", err)
	}
	if err := ValidateRelatedResources(e.Related); err != nil {
		return inField("related", err)
	}
	return nil
}

package models

// ResourceRows returns the event_resources rows Prefect stores for the
// event (ReceivedEvent.as_database_resource_rows): one for the primary
// resource, with an empty role, then one per related resource, in order,
// each with its prefect.resource.id, its prefect.resource.role and its
// other labels (without those two). The rows carry the event's ID and
// Occurred; their own Base is left zero for the hooks (or a bulk insert)
// to fill.
func (e Event) ResourceRows() []EventResource {
	rows := make([]EventResource, 0, 1+len(e.Related.V))
	rows = append(rows, resourceRow(e, e.Resource.V, ""))
	for _, r := range e.Related.V {
		rows = append(rows, resourceRow(e, r, r[ResourceRoleLabel]))
	}
	return rows
}

// resourceRow is the event_resources row of one resource of e.
func resourceRow(e Event, labels map[string]string, role string) EventResource {
	return EventResource{
		Occurred:     e.Occurred,
		ResourceID:   labels[ResourceIDLabel],
		ResourceRole: role,
		Resource:     NewPlainJSON(ResourceLabelsWithoutIDAndRole(labels)),
		EventID:      e.ID,
	}
}

// ResourceLabelsWithoutIDAndRole returns a copy of a resource's labels
// without prefect.resource.id and prefect.resource.role, as
// event_resources.resource stores them.
func ResourceLabelsWithoutIDAndRole(labels map[string]string) map[string]string {
	out := make(map[string]string, len(labels))
	for k, v := range labels {
		if k != ResourceIDLabel && k != ResourceRoleLabel {
			out[k] = v
		}
	}
	return out
}

// RelatedResourceIDsOf returns the prefect.resource.id of each related
// resource, in order, as events.related_resource_ids stores them.
func RelatedResourceIDsOf(related []map[string]string) []string {
	ids := make([]string, len(related))
	for i, r := range related {
		ids[i] = r[ResourceIDLabel]
	}
	return ids
}

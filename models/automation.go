package models

// Automation is an automation: a trigger and the actions run when it fires
// or resolves (table automation).
type Automation struct {
	Base
	Name string `gorm:"column:name;type:VARCHAR;not null" json:"name"`
	// Description has no server default; Prefect's Python default is "".
	Description string `gorm:"column:description;type:VARCHAR;not null" json:"description"`
	// Enabled is a pointer so that false can be written; nil takes the
	// server default true.
	Enabled *bool `gorm:"column:enabled;type:BOOLEAN;not null;default:true" json:"enabled"`
	// Trigger is the column "trigger" (an SQL keyword; GORM quotes it).
	Trigger JSON[ServerTriggerTypes] `gorm:"column:trigger;not null" json:"trigger"`
	// Actions has no server default: a nil list is SQL NULL and rejected.
	Actions JSON[[]Action] `gorm:"column:actions;not null" json:"actions"`
	// Actions run on every firing; ActionsOnTrigger and ActionsOnResolve
	// run besides them when the firing enters the Triggered or the Resolved
	// state.
	ActionsOnTrigger JSON[[]Action] `gorm:"column:actions_on_trigger;not null;default:'[]'" json:"actions_on_trigger"`
	ActionsOnResolve JSON[[]Action] `gorm:"column:actions_on_resolve;not null;default:'[]'" json:"actions_on_resolve"`
	// Tags (Prefect 3.4.7) label the automation; a nil list on create takes
	// the server default [].
	Tags JSON[[]string] `gorm:"column:tags;not null;default:'[]'" json:"tags"`

	RelatedResources []AutomationRelatedResource `gorm:"foreignKey:AutomationID;constraint:OnDelete:CASCADE" json:"-"`
}

// TableName returns automation.
func (Automation) TableName() string { return "automation" }

// AutomationRelatedResource links an automation to a resource id, e.g. the
// deployment that owns it (table automation_related_resource).
type AutomationRelatedResource struct {
	Base
	AutomationID UUID `gorm:"column:automation_id;not null;uniqueIndex:uq_automation_related_resource__automation_id__resource_id,priority:1" json:"automation_id"`
	// ResourceID is the related resource's prefect.resource.id.
	ResourceID *string `gorm:"column:resource_id;type:VARCHAR;index:ix_automation_related_resource__resource_id;uniqueIndex:uq_automation_related_resource__automation_id__resource_id,priority:2" json:"resource_id"`
	// AutomationOwnedByResource marks automations managed by the resource
	// (deleted with it).
	AutomationOwnedByResource bool `gorm:"column:automation_owned_by_resource;type:BOOLEAN;not null;default:false" json:"automation_owned_by_resource"`

	Automation *Automation `gorm:"foreignKey:AutomationID;constraint:OnDelete:CASCADE" json:"-"`
}

// TableName returns automation_related_resource.
func (AutomationRelatedResource) TableName() string { return "automation_related_resource" }

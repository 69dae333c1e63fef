package models

// DeploymentSchedule is one schedule of a deployment (table
// deployment_schedule), as of Prefect 3.8.3. Prefect 3.1.6 dropped its
// columns max_active_runs and catchup (revisions a49711513ad4 /
// 5d03c01be85e); they are no longer mapped.
type DeploymentSchedule struct {
	Base
	DeploymentID UUID `gorm:"column:deployment_id;not null;index:ix_deployment_schedule__deployment_id;uniqueIndex:ix_deployment_schedule__deployment_id__slug,priority:1,where:slug IS NOT NULL" json:"deployment_id"`
	// Schedule is the interval, cron or RRULE schedule.
	Schedule JSON[Schedule] `gorm:"column:schedule;not null" json:"schedule"`
	// Active is *bool so that false can be written: nil on create writes
	// Prefect's application default true (the column has no server
	// default; the hooks fill it, tag prefectDefault).
	Active *bool `gorm:"column:active;type:BOOLEAN;not null;prefectDefault:true" json:"active"`
	// MaxScheduledRuns caps how many future runs the scheduler keeps for the
	// schedule (nil: the server setting).
	MaxScheduledRuns *int `gorm:"column:max_scheduled_runs;type:INTEGER" json:"max_scheduled_runs"`
	// Parameters (Prefect 3.2.0) override the deployment's parameters for
	// the runs this schedule creates; nil on create takes the server
	// default {}.
	Parameters JSON[map[string]any] `gorm:"column:parameters;not null;default:'{}'" json:"parameters"`
	// Slug (Prefect 3.2.0) names the schedule, unique per deployment when
	// set (the partial unique index ix_deployment_schedule__deployment_id__slug).
	Slug *string `gorm:"column:slug;type:VARCHAR;index:ix_deployment_schedule__slug;uniqueIndex:ix_deployment_schedule__deployment_id__slug,priority:2" json:"slug"`

	Deployment *Deployment `gorm:"foreignKey:DeploymentID;constraint:OnDelete:CASCADE" json:"-"`
}

// TableName returns deployment_schedule.
func (DeploymentSchedule) TableName() string { return "deployment_schedule" }

package models

// DeploymentSchedule is one schedule of a deployment (table
// deployment_schedule).
type DeploymentSchedule struct {
	Base
	DeploymentID UUID           `gorm:"column:deployment_id;not null;index:ix_deployment_schedule__deployment_id" json:"deployment_id"`
	Schedule     JSON[Schedule] `gorm:"column:schedule;not null" json:"schedule"`
	// Active has no server default; Prefect's ORM writes true when it is not
	// set, so set it explicitly (the Go zero value false is written as is).
	Active           bool `gorm:"column:active;type:BOOLEAN;not null" json:"active"`
	MaxActiveRuns    *int `gorm:"column:max_active_runs;type:INTEGER" json:"max_active_runs"`
	MaxScheduledRuns *int `gorm:"column:max_scheduled_runs;type:INTEGER" json:"max_scheduled_runs"`
	Catchup          bool `gorm:"column:catchup;type:BOOLEAN;not null;default:false" json:"catchup"`

	Deployment *Deployment `gorm:"foreignKey:DeploymentID;constraint:OnDelete:CASCADE" json:"-"`
}

// TableName returns deployment_schedule.
func (DeploymentSchedule) TableName() string { return "deployment_schedule" }

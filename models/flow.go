package models

// Flow is a registered flow (table flow).
type Flow struct {
	Base
	Name string         `gorm:"column:name;type:VARCHAR;not null;unique" json:"name"`
	Tags JSON[[]string] `gorm:"column:tags;not null;default:'[]'" json:"tags"`
	// Labels (Prefect 3.1.5) are the flow's key-value labels.
	Labels JSON[KeyValueLabels] `gorm:"column:labels" json:"labels"`

	FlowRuns    []FlowRun    `gorm:"foreignKey:FlowID;constraint:OnDelete:CASCADE" json:"-"`
	Deployments []Deployment `gorm:"foreignKey:FlowID;constraint:OnDelete:CASCADE" json:"-"`
}

// TableName returns flow.
func (Flow) TableName() string { return "flow" }

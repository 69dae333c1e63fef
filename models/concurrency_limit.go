package models

// ConcurrencyLimit is a tag-based (v1) task run concurrency limit (table
// concurrency_limit).
type ConcurrencyLimit struct {
	Base
	// Tag is the task run tag the limit applies to.
	Tag string `gorm:"column:tag;type:VARCHAR;not null;uniqueIndex:uq_concurrency_limit__tag" json:"tag"`
	// ConcurrencyLimit is how many task runs with the tag may run at once.
	ConcurrencyLimit int `gorm:"column:concurrency_limit;type:INTEGER;not null" json:"concurrency_limit"`
	// ActiveSlots holds the ids (as strings) of the task runs holding a slot.
	ActiveSlots JSON[[]string] `gorm:"column:active_slots;not null;default:'[]'" json:"active_slots"`
}

// TableName returns concurrency_limit.
func (ConcurrencyLimit) TableName() string { return "concurrency_limit" }

// ConcurrencyLimitV2 is a named global concurrency limit (table
// concurrency_limit_v2). None of its columns has a server default: Prefect
// fills Active (true), DeniedSlots (0), SlotDecayPerSecond (0.0) and
// AvgSlotOccupancySeconds (2.0) on the application side, so callers set
// Active and AvgSlotOccupancySeconds explicitly (see NewConcurrencyLimitV2).
type ConcurrencyLimitV2 struct {
	Base
	// Active is false for a limit that is not enforced.
	Active bool   `gorm:"column:active;type:BOOLEAN;not null" json:"active"`
	Name   string `gorm:"column:name;type:VARCHAR;not null;unique" json:"name"`
	// Limit is the column "limit" (an SQL keyword; GORM quotes it).
	Limit int `gorm:"column:limit;type:INTEGER;not null" json:"limit"`
	// ActiveSlots is how many slots are held now.
	ActiveSlots int `gorm:"column:active_slots;type:INTEGER;not null" json:"active_slots"`
	// DeniedSlots counts the slot requests refused while the limit was full.
	DeniedSlots int `gorm:"column:denied_slots;type:INTEGER;not null" json:"denied_slots"`
	// SlotDecayPerSecond, when positive, makes the limit a rate limit: held
	// slots are released at this rate.
	SlotDecayPerSecond Float `gorm:"column:slot_decay_per_second;not null" json:"slot_decay_per_second"`
	// AvgSlotOccupancySeconds is the average time a slot is held.
	AvgSlotOccupancySeconds Float `gorm:"column:avg_slot_occupancy_seconds;not null" json:"avg_slot_occupancy_seconds"`
}

// NewConcurrencyLimitV2 returns a limit with Prefect's Python defaults:
// active, no active or denied slots, no decay and 2.0 s average occupancy.
func NewConcurrencyLimitV2(name string, limit int) ConcurrencyLimitV2 {
	return ConcurrencyLimitV2{Active: true, Name: name, Limit: limit, AvgSlotOccupancySeconds: 2.0}
}

// TableName returns concurrency_limit_v2.
func (ConcurrencyLimitV2) TableName() string { return "concurrency_limit_v2" }

package models

// SavedSearch is a named set of UI filters (table saved_search).
type SavedSearch struct {
	Base
	Name string `gorm:"column:name;type:VARCHAR;not null;unique" json:"name"`
	// Filters is a list of filter objects (object, property, type,
	// operation, value).
	Filters JSON[[]map[string]any] `gorm:"column:filters;not null;default:'[]'" json:"filters"`
}

// TableName returns saved_search.
func (SavedSearch) TableName() string { return "saved_search" }

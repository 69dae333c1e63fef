package models

// Variable is a workspace variable (table variable).
type Variable struct {
	Base
	Name string `gorm:"column:name;type:VARCHAR;not null;unique" json:"name"`
	// Value is any JSON value (plain sa.JSON: nil is stored as the JSON text
	// null). JSONB on PostgreSQL and nullable, as in the migrated databases
	// (the ORM declares it NOT NULL).
	Value PlainJSON[any] `gorm:"column:value;JSONB" json:"value"`
	Tags  JSON[[]string] `gorm:"column:tags;not null;default:'[]'" json:"tags"`
}

// TableName returns variable.
func (Variable) TableName() string { return "variable" }

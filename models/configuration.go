package models

// Configuration is a server configuration entry (table configuration); the
// row with key ENCRYPTION_KEY holds {"fernet_key": "..."} used to encrypt
// block documents.
type Configuration struct {
	Base
	// Key is the column "key" (an SQL keyword on some dialects; GORM quotes
	// it). It has both the index ix_configuration__key and the unique
	// constraint uq_configuration__key, as in Prefect.
	Key string `gorm:"column:key;type:VARCHAR;not null;index:ix_configuration__key;unique" json:"key"`
	// Value is the entry's JSON object.
	Value JSON[map[string]any] `gorm:"column:value;not null" json:"value"`
}

// TableName returns configuration.
func (Configuration) TableName() string { return "configuration" }

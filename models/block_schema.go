package models

// BlockSchema is one version of a block type's schema (table block_schema).
type BlockSchema struct {
	Base
	// Checksum is the hash of Fields that identifies the schema (unique with
	// Version).
	Checksum string `gorm:"column:checksum;type:VARCHAR;not null;uniqueIndex:uq_block_schema__checksum_version,priority:1" json:"checksum"`
	// Fields is the schema's JSON Schema document.
	Fields JSON[map[string]any] `gorm:"column:fields;not null;default:'{}'" json:"fields"`
	// Capabilities are the block's capabilities, e.g. read-path and
	// write-path.
	Capabilities JSON[[]string] `gorm:"column:capabilities;not null;default:'[]'" json:"capabilities"`
	// Version has no Python default: an empty Version is left to the server
	// default 'non-versioned'.
	Version     string `gorm:"column:version;type:VARCHAR;not null;default:'non-versioned';uniqueIndex:uq_block_schema__checksum_version,priority:2" json:"version"`
	BlockTypeID UUID   `gorm:"column:block_type_id;not null;index:ix_block_schema__block_type_id" json:"block_type_id"`

	BlockType *BlockType `gorm:"foreignKey:BlockTypeID;constraint:OnDelete:CASCADE" json:"-"`
}

// TableName returns block_schema.
func (BlockSchema) TableName() string { return "block_schema" }

// BlockSchemaReference links a block schema to a block schema nested in one
// of its fields (table block_schema_reference).
type BlockSchemaReference struct {
	Base
	// Name is the field of the parent schema that holds the reference.
	Name                   string `gorm:"column:name;type:VARCHAR;not null" json:"name"`
	ParentBlockSchemaID    UUID   `gorm:"column:parent_block_schema_id;not null" json:"parent_block_schema_id"`
	ReferenceBlockSchemaID UUID   `gorm:"column:reference_block_schema_id;not null" json:"reference_block_schema_id"`

	ParentBlockSchema    *BlockSchema `gorm:"foreignKey:ParentBlockSchemaID;constraint:OnDelete:CASCADE" json:"-"`
	ReferenceBlockSchema *BlockSchema `gorm:"foreignKey:ReferenceBlockSchemaID;constraint:OnDelete:CASCADE" json:"-"`
}

// TableName returns block_schema_reference.
func (BlockSchemaReference) TableName() string { return "block_schema_reference" }

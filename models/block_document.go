package models

// BlockDocument is a saved, named instance of a block (table
// block_document).
type BlockDocument struct {
	Base
	Name string `gorm:"column:name;type:VARCHAR;not null;index:ix_block_document__name;index:ix_block_document__block_type_name__name,priority:2;uniqueIndex:uq_block__type_id_name,priority:2" json:"name"`
	// Data holds the block's data encrypted: a JSON string holding the Fernet
	// token (key from PREFECT_SERVER_ENCRYPTION_KEY or the configuration
	// table's ENCRYPTION_KEY row) of the JSON-encoded data; write it with
	// EncryptData and read it with DecryptData. The server default {} is a
	// placeholder that Prefect overwrites on write.
	Data JSON[any] `gorm:"column:data;not null;default:'{}'" json:"data"`
	// IsAnonymous marks a document Prefect created for a block saved without a
	// name (its name is generated).
	IsAnonymous bool `gorm:"column:is_anonymous;type:BOOLEAN;not null;default:false;index:ix_block_document__is_anonymous" json:"is_anonymous"`
	// BlockTypeName is a denormalised copy of block_type.name, used for
	// sorting by block type and name (index
	// ix_block_document__block_type_name__name, so named on SQLite too since
	// Prefect 3.1.6).
	BlockTypeName *string `gorm:"column:block_type_name;type:VARCHAR;index:ix_block_document__block_type_name__name,priority:1" json:"block_type_name"`
	BlockTypeID   UUID    `gorm:"column:block_type_id;not null;uniqueIndex:uq_block__type_id_name,priority:1" json:"block_type_id"`
	BlockSchemaID UUID    `gorm:"column:block_schema_id;not null" json:"block_schema_id"`

	BlockType *BlockType `gorm:"foreignKey:BlockTypeID;constraint:OnDelete:CASCADE" json:"-"`
	// BlockSchema's foreign key keeps the name it had when the table was
	// called block.
	BlockSchema *BlockSchema `gorm:"foreignKey:BlockSchemaID;constraint:fk_block__block_schema_id__block_schema,OnDelete:CASCADE" json:"-"`
}

// TableName returns block_document.
func (BlockDocument) TableName() string { return "block_document" }

// BlockDocumentReference links a block document to a block document nested
// in one of its fields (table block_document_reference). Since Prefect 3.7.0
// (revisions 2095de406cbe / 7218aad17905) the CHECK constraint
// ck_block_document_reference__no_self_reference refuses a document that
// references itself.
type BlockDocumentReference struct {
	Base
	// Name is the field of the parent document that holds the reference.
	Name                     string `gorm:"column:name;type:VARCHAR;not null" json:"name"`
	ParentBlockDocumentID    UUID   `gorm:"column:parent_block_document_id;not null;check:ck_block_document_reference__no_self_reference,parent_block_document_id != reference_block_document_id" json:"parent_block_document_id"`
	ReferenceBlockDocumentID UUID   `gorm:"column:reference_block_document_id;not null" json:"reference_block_document_id"`

	ParentBlockDocument    *BlockDocument `gorm:"foreignKey:ParentBlockDocumentID;constraint:OnDelete:CASCADE" json:"-"`
	ReferenceBlockDocument *BlockDocument `gorm:"foreignKey:ReferenceBlockDocumentID;constraint:OnDelete:CASCADE" json:"-"`
}

// TableName returns block_document_reference.
func (BlockDocumentReference) TableName() string { return "block_document_reference" }

package models

// BlockType is a type of block, e.g. "AWS Credentials" (table block_type).
type BlockType struct {
	Base
	Name string `gorm:"column:name;type:VARCHAR;not null" json:"name"`
	// Slug is the type's unique URL-safe name.
	Slug             string  `gorm:"column:slug;type:VARCHAR;not null;uniqueIndex:uq_block_type__slug" json:"slug"`
	LogoURL          *string `gorm:"column:logo_url;type:VARCHAR" json:"logo_url"`
	DocumentationURL *string `gorm:"column:documentation_url;type:VARCHAR" json:"documentation_url"`
	Description      *string `gorm:"column:description;type:VARCHAR" json:"description"`
	// CodeExample shows how to use the block.
	CodeExample *string `gorm:"column:code_example;type:VARCHAR" json:"code_example"`
	// IsProtected marks the block types Prefect registers itself.
	IsProtected bool `gorm:"column:is_protected;type:BOOLEAN;not null;default:false" json:"is_protected"`
}

// TableName returns block_type.
func (BlockType) TableName() string { return "block_type" }

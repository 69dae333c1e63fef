package models

// Index is a table-level index over columns that gorm tags cannot reach,
// because one of them belongs to the shared Base (id, created, updated).
// A column may carry a direction, e.g. "created DESC".
type Index struct {
	Name    string
	Columns []string
	Unique  bool
}

// TableIndexer is implemented by models with indexes over Base columns.
type TableIndexer interface {
	TableIndexes() []Index
}

// UniqueConstraint is a named multi-column UNIQUE constraint.
type UniqueConstraint struct {
	Name    string
	Columns []string
}

// UniqueConstrainer is implemented by models with multi-column UNIQUE
// constraints (single-column ones use the gorm `unique` tag).
type UniqueConstrainer interface {
	UniqueConstraints() []UniqueConstraint
}

// IndexOmitter is implemented by models whose Prefect table lacks an index
// that the shared Base declares.
type IndexOmitter interface {
	OmittedIndexes() []string
}

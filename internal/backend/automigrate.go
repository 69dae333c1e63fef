package backend

import (
	"reflect"

	"gorm.io/gorm"
	"gorm.io/gorm/schema"

	"github.com/prefectorm/prefectorm/dialects"
	"github.com/prefectorm/prefectorm/migrations"
	"github.com/prefectorm/prefectorm/models"
)

// Migrator wraps the GORM migrator of a database opened by a backend so
// that db.AutoMigrate of prefectorm's models runs migrations.Migrate (the
// versioned migrations, under the migration lock) instead of GORM's
// column-by-column comparison, which does not know Prefect's schema and
// would alter it. Any other model in the same call is auto-migrated by
// GORM afterwards, as usual; every other method is GORM's.
func Migrator(inner gorm.Migrator, db *gorm.DB, d dialects.Dialect) gorm.Migrator {
	return migrator{Migrator: inner, db: db, dialect: d}
}

type migrator struct {
	gorm.Migrator
	db      *gorm.DB
	dialect dialects.Dialect
}

// modelsPkg is the import path of prefectorm's models.
var modelsPkg = reflect.TypeOf(models.Flow{}).PkgPath()

// AutoMigrate brings prefectorm's models in dst to the latest version with
// migrations.Migrate, then auto-migrates the others with GORM.
func (m migrator) AutoMigrate(dst ...any) error {
	var own bool
	var others []any
	for _, v := range dst {
		if isPrefectModel(v) {
			own = true
			continue
		}
		others = append(others, v)
	}
	if own {
		if err := migrations.Migrate(m.db.Statement.Context, m.db, m.dialect); err != nil {
			return err
		}
	}
	if len(others) == 0 {
		return nil
	}
	if !referencesPrefectModels(m.db, others) {
		return m.Migrator.AutoMigrate(others...)
	}
	// GORM's AutoMigrate adds the tables a model references to its list and
	// would alter prefectorm's. Migrate the user's tables without following
	// relationships, then add their own foreign keys.
	tx := m.db.Session(&gorm.Session{})
	tx.Config.IgnoreRelationshipsWhenMigrating = true
	if err := tx.Migrator().(migrator).Migrator.AutoMigrate(others...); err != nil {
		return err
	}
	mig := m.db.Migrator()
	for _, v := range others {
		s, err := parse(m.db, v)
		if err != nil {
			return err
		}
		for _, rel := range s.Relationships.Relations {
			c := rel.ParseConstraint()
			if c == nil || c.Schema != s || rel.Field.IgnoreMigration || mig.HasConstraint(v, c.Name) {
				continue
			}
			if err := mig.CreateConstraint(v, c.Name); err != nil {
				return err
			}
		}
	}
	return nil
}

// referencesPrefectModels reports whether a foreign key of one of values
// references one of prefectorm's tables.
func referencesPrefectModels(db *gorm.DB, values []any) bool {
	for _, v := range values {
		s, err := parse(db, v)
		if err != nil {
			return false // GORM's AutoMigrate reports it
		}
		for _, rel := range s.Relationships.Relations {
			if rel.FieldSchema != nil && rel.FieldSchema.ModelType.PkgPath() == modelsPkg {
				return true
			}
		}
	}
	return false
}

func parse(db *gorm.DB, v any) (*schema.Schema, error) {
	stmt := &gorm.Statement{DB: db}
	if err := stmt.Parse(v); err != nil {
		return nil, err
	}
	return stmt.Schema, nil
}

// isPrefectModel reports whether v (a model, a pointer to one or a slice of
// them) is one of package models' types.
func isPrefectModel(v any) bool {
	t := reflect.TypeOf(v)
	for t != nil && (t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
		t = t.Elem()
	}
	return t != nil && t.PkgPath() == modelsPkg
}

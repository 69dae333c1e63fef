package backend

import (
	"reflect"

	"gorm.io/gorm"

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
	return m.Migrator.AutoMigrate(others...)
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

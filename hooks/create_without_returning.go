package hooks

import (
	"fmt"
	"reflect"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/callbacks"
	"gorm.io/gorm/clause"

	"github.com/prefectorm/prefectorm/models"
)

// gormCreate is the name of GORM's own insert callback.
const gormCreate = "gorm:create"

// registerCreateWithoutReturning wraps GORM's insert callback so that a
// statement carrying models.SkipReturningSetting is sent as a plain INSERT
// (Exec) instead of INSERT … RETURNING (a query whose rows GORM scans back
// into the values it just sent). Every other insert goes to GORM's callback
// unchanged.
func registerCreateWithoutReturning(db *gorm.DB) error {
	create := db.Callback().Create()
	gormInsert := create.Get(gormCreate)
	if gormInsert == nil {
		return fmt.Errorf("prefectorm: GORM's %s callback is not registered", gormCreate)
	}
	if err := create.Replace(gormCreate, func(db *gorm.DB) {
		if skipReturning(db) {
			createWithoutReturning(db)
			return
		}
		gormInsert(db)
	}); err != nil {
		return fmt.Errorf("prefectorm: wrap %s: %w", gormCreate, err)
	}
	return nil
}

// skipReturning reports whether the statement asks for an INSERT without
// RETURNING and can be sent as one: a struct insert (not a map) of a model
// whose primary key is not filled by the database, without a RETURNING
// clause of the caller's.
func skipReturning(db *gorm.DB) bool {
	stmt := db.Statement
	if _, ok := stmt.Settings.Load(models.SkipReturningSetting); !ok || stmt.Schema == nil {
		return false
	}
	if _, ok := stmt.Clauses["RETURNING"]; ok {
		return false
	}
	switch stmt.Dest.(type) {
	case map[string]any, *map[string]any, []map[string]any, *[]map[string]any:
		return false
	}
	if pk := stmt.Schema.PrioritizedPrimaryField; pk != nil && pk.AutoIncrement {
		return false
	}
	return true
}

// createWithoutReturning builds the INSERT as GORM's create callback does
// (the schema's create clauses, INSERT, VALUES, ON CONFLICT) and executes it.
func createWithoutReturning(db *gorm.DB) {
	if db.Error != nil {
		return
	}
	stmt := db.Statement
	if !stmt.Unscoped {
		for _, c := range stmt.Schema.CreateClauses {
			stmt.AddClause(c)
		}
	}
	if stmt.SQL.Len() == 0 {
		stmt.SQL.Grow(180)
		stmt.AddClauseIfNotExists(clause.Insert{})
		values := callbacks.ConvertToCreateValues(stmt)
		stmt.AddClause(values)
		buildInsert(stmt, values)
	}
	if db.DryRun || db.Error != nil {
		return
	}
	result, err := stmt.ConnPool.ExecContext(stmt.Context, stmt.SQL.String(), stmt.Vars...)
	if err != nil {
		_ = db.AddError(err)
		return
	}
	db.RowsAffected, _ = result.RowsAffected()
	if stmt.Result != nil {
		stmt.Result.Result = result
		stmt.Result.RowsAffected = db.RowsAffected
	}
}

// returningKnown reports whether every column GORM's RETURNING would read
// back (the columns with a database default) already holds, in every row
// of the statement, the value the database stores: a value the INSERT sends
// (a Timestamp already at the database's microsecond precision), or a zero
// value the INSERT leaves to a default that is that same zero value
// (is_anonymous DEFAULT false).
func returningKnown(db *gorm.DB) bool {
	fields := db.Statement.Schema.FieldsWithDefaultDBValue
	known := true
	eachRow(db, func(row reflect.Value) {
		for _, f := range fields {
			if !known {
				return
			}
			v, zero := f.ValueOf(db.Statement.Context, row)
			switch {
			case zero:
				known = f.DefaultValueInterface != nil && reflect.ValueOf(f.DefaultValueInterface).IsZero()
			case f.FieldType == timestampType:
				t := v.(models.Timestamp).Time
				known = t.Equal(t.Truncate(time.Microsecond))
			}
		}
	})
	return known
}

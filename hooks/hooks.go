// Package hooks registers prefectorm's GORM callbacks: on create they fill
// Base's ID (random v4) and timestamps (only fields of prefectorm's column
// types, so a user's own models are left to GORM) and the defaults Prefect's
// ORM applies (tag prefectDefault); on every update they bump updated;
// on both they refuse enum values that are not one of the column's labels,
// before any SQL is sent. Flow and task runs created without a name get a
// two-word slug, and a run created with its State gets it as its first
// transition; block_document.data only ever receives a Fernet token.
// Inserting a flow_run_state or task_run_state row is a state transition:
// the run is pointed at the new state and its bookkeeping kept as Prefect's
// global orchestration policy keeps it, in the insert's transaction.
package hooks

import (
	"fmt"
	"reflect"

	"gorm.io/gorm"
	"gorm.io/gorm/schema"

	"github.com/prefectorm/prefectorm/models"
)

const (
	createCallback = "prefectorm:before_create"
	updateCallback = "prefectorm:before_update"
)

// Register installs the callbacks on db; registering twice is a no-op.
// On SQLite it refuses a handle whose connections have foreign keys off
// (a plain gorm.Open(sqlite.Open(path))): open it with dialects/sqlite.Open,
// or put _foreign_keys=on in the DSN.
func Register(db *gorm.DB) error {
	if db.Callback().Create().Get(createCallback) != nil {
		return nil
	}
	if err := checkForeignKeys(db); err != nil {
		return err
	}
	if err := db.Callback().Create().Before("gorm:create").Register(createCallback, beforeCreate); err != nil {
		return fmt.Errorf("prefectorm: register %s: %w", createCallback, err)
	}
	if err := db.Callback().Update().Before("gorm:update").Register(updateCallback, beforeUpdate); err != nil {
		return fmt.Errorf("prefectorm: register %s: %w", updateCallback, err)
	}
	for _, register := range []func(*gorm.DB) error{registerCreateWithoutReturning, registerBlockData, registerRunNames, registerStateTransitions, registerNestedStates, registerValueErrors, registerValidation, registerEmptyAssociations, registerBeginInTransaction} {
		if err := register(db); err != nil {
			return err
		}
	}
	return nil
}

// now returns the application clock as a Timestamp.
func now(db *gorm.DB) models.Timestamp { return models.NewTimestamp(db.NowFunc()) }

// beforeCreate fills id, created and updated where they are zero and
// validates enum fields of every row being inserted. Only fields of
// prefectorm's column types are filled (models.UUID ids, models.Timestamp
// created/updated), so a user's own model in the same database, with a
// uint primary key or time.Time columns, is left to GORM. Columns whose
// Prefect default is applied by Prefect's ORM rather than the database
// (tag prefectDefault: deployment_schedule.active,
// deployment.enforce_parameter_schema, log.timestamp) get it when zero.
func beforeCreate(db *gorm.DB) {
	s := db.Statement.Schema
	if db.Error != nil || s == nil {
		return
	}
	ts := now(db)
	info := infoOf(s)
	eachRow(db, func(row reflect.Value) {
		fillZero(db, s, row, info.id, models.NewUUID)
		fillZero(db, s, row, info.created, func() models.Timestamp { return ts })
		fillZero(db, s, row, info.updated, func() models.Timestamp { return ts })
		fillPrefectDefaults(db, s, info, row, ts)
		if err := validateRow(db, s, info, row); err != nil {
			_ = db.AddError(err)
		}
	})
}

var (
	uuidType      = reflect.TypeOf(models.UUID{})
	timestampType = reflect.TypeOf(models.Timestamp{})
)

// beforeUpdate sets updated to the application clock unless the statement
// sets it itself, and validates the enum values being written. Like GORM's
// own UpdatedAt, it leaves UpdateColumn/UpdateColumns (SkipHooks) alone.
// Updates with a struct of another type than the model is first turned
// into the map of the columns GORM would write from it (see otherStruct).
func beforeUpdate(db *gorm.DB) {
	stmt := db.Statement
	s := stmt.Schema
	if db.Error != nil || s == nil {
		return
	}
	if err := otherStructToMap(db); err != nil {
		_ = db.AddError(err)
		return
	}
	if err := validateDest(db); err != nil {
		_ = db.AddError(err)
		return
	}
	field := infoOf(s).updated
	if field == nil || stmt.SkipHooks || setsColumn(stmt.Dest, field) {
		return
	}
	if len(stmt.Selects) > 0 && !selects(stmt.Selects, field) {
		stmt.Selects = append(stmt.Selects, field.DBName)
	}
	stmt.SetColumn(field.DBName, now(db), true)
}

// eachRow calls fn for every addressable struct the statement writes.
func eachRow(db *gorm.DB, fn func(reflect.Value)) {
	rv := db.Statement.ReflectValue
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		for i := 0; i < rv.Len(); i++ {
			if row := reflect.Indirect(rv.Index(i)); row.Kind() == reflect.Struct {
				fn(row)
			}
		}
	case reflect.Struct:
		fn(rv)
	}
}

// fillZero sets field (nil: the model has no such field of prefectorm's
// type; else a field of type T) to make() when the row's value is zero.
// The field is written in place, without boxing either value.
func fillZero[T any](db *gorm.DB, s *schema.Schema, row reflect.Value, field *schema.Field, make func() T) {
	if field == nil {
		return
	}
	fv := field.ReflectValueOf(db.Statement.Context, row)
	if !fv.IsZero() {
		return
	}
	if p, ok := addrOf[T](fv); ok {
		*p = make()
		return
	}
	if err := field.Set(db.Statement.Context, row, make()); err != nil {
		_ = db.AddError(fmt.Errorf("prefectorm: set %s.%s: %w", s.Table, field.DBName, err))
	}
}

// addrOf returns a pointer to v when v is an addressable T.
func addrOf[T any](v reflect.Value) (*T, bool) {
	if !v.CanAddr() {
		return nil, false
	}
	p, ok := v.Addr().Interface().(*T)
	return p, ok
}

// setsColumn reports whether an update's map destination names the field.
func setsColumn(dest any, field *schema.Field) bool {
	m, ok := dest.(map[string]any)
	if !ok {
		return false
	}
	_, byColumn := m[field.DBName]
	_, byName := m[field.Name]
	return byColumn || byName
}

func selects(selects []string, field *schema.Field) bool {
	for _, s := range selects {
		if s == "*" || s == field.DBName || s == field.Name {
			return true
		}
	}
	return false
}

package hooks

import (
	"fmt"
	"reflect"

	petname "github.com/dustinkirkland/golang-petname"
	"gorm.io/gorm"
)

const runNamesCallback = "prefectorm:run_names"

// runTables are the tables of Prefect's Run class, whose name defaults to a
// random two-word slug.
var runTables = map[string]bool{"flow_run": true, "task_run": true}

// registerRunNames installs the callback that names flow and task runs
// created without a name.
func registerRunNames(db *gorm.DB) error {
	if err := db.Callback().Create().Before("gorm:create").Register(runNamesCallback, nameRuns); err != nil {
		return fmt.Errorf("prefectorm: register %s: %w", runNamesCallback, err)
	}
	return nil
}

// RunSlug returns a random adjective-animal slug such as "crimson-fox", the
// default name Prefect's generate_slug(2) gives a run.
func RunSlug() string { return petname.Generate(2, "-") }

// nameRuns gives every flow_run or task_run row being inserted with an empty
// name a RunSlug, in struct rows (single and batch) and map rows; explicit
// names are kept.
func nameRuns(db *gorm.DB) {
	stmt := db.Statement
	if db.Error != nil {
		return
	}
	table := stmt.Table
	if stmt.Schema != nil {
		table = stmt.Schema.Table
	}
	if !runTables[table] {
		return
	}
	switch dest := stmt.Dest.(type) {
	case map[string]any:
		nameMapRun(dest)
		return
	case []map[string]any:
		for _, row := range dest {
			nameMapRun(row)
		}
		return
	}
	if stmt.Schema == nil {
		return
	}
	field := stmt.Schema.LookUpField("name")
	if field == nil {
		return
	}
	eachRow(db, func(row reflect.Value) {
		if _, zero := field.ValueOf(stmt.Context, row); zero {
			if err := field.Set(stmt.Context, row, RunSlug()); err != nil {
				_ = db.AddError(fmt.Errorf("prefectorm: set %s.name: %w", table, err))
			}
		}
	})
}

// nameMapRun sets the name of a map row that has none (or an empty one).
func nameMapRun(row map[string]any) {
	for _, key := range []string{"name", "Name"} {
		if v, ok := row[key]; ok {
			if s, isString := v.(string); !isString || s != "" {
				return
			}
			row[key] = RunSlug()
			return
		}
	}
	row["name"] = RunSlug()
}

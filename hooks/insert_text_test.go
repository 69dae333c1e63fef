package hooks_test

import (
	"reflect"
	"testing"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/prefectorm/prefectorm/hooks"
	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/models"
)

// TestInsertTextMatchesGORM builds the INSERT of every model three ways
// (without RETURNING, with ON CONFLICT DO NOTHING and with ON CONFLICT DO
// UPDATE SET of excluded columns) with the INSERT text cache off, which is
// GORM's own Build, and twice with it on: the first fills the cache, the
// second takes its text from there. All three must send the same SQL and
// the same bind values, and every statement must have been cached. State
// rows are left out: their insert is a transition, which reads the run and
// cannot be dry run (the transition tests insert them through the cache).
func TestInsertTextMatchesGORM(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		shapes := []struct {
			name    string
			clauses func(model any) []clause.Expression
		}{
			{"plain", func(any) []clause.Expression { return nil }},
			{"do nothing", func(any) []clause.Expression {
				return []clause.Expression{clause.OnConflict{Columns: []clause.Column{{Name: "id"}}, DoNothing: true}}
			}},
			{"do update", func(any) []clause.Expression {
				return []clause.Expression{clause.OnConflict{Columns: []clause.Column{{Name: "id"}}, DoUpdates: clause.AssignmentColumns([]string{"updated"})}}
			}},
		}
		for _, model := range models.All() {
			switch model.(type) {
			case *models.FlowRunState, *models.TaskRunState:
				continue
			}
			for _, shape := range shapes {
				typ := reflect.TypeOf(model).Elem()
				t.Run(typ.Name()+"/"+shape.name, func(t *testing.T) {
					row := validRow(typ)
					build := func(cached bool) (string, []any) {
						t.Helper()
						*hooks.InsertTextsOn = cached
						defer func() { *hooks.InsertTextsOn = true }()
						tx := db.Session(&gorm.Session{DryRun: true}).Set(models.SkipReturningSetting, true).Clauses(shape.clauses(row)...).Create(row)
						if tx.Error != nil {
							t.Fatalf("create: %v", tx.Error)
						}
						return tx.Statement.SQL.String(), tx.Statement.Vars
					}
					build(false) // hooks fill id, timestamps and names, once
					wantSQL, wantVars := build(false)
					before := hooks.InsertTextCount()
					for i, name := range []string{"first", "cached"} {
						sql, vars := build(true)
						if sql != wantSQL {
							t.Errorf("%s: SQL\n%s\nwant GORM's\n%s", name, sql, wantSQL)
						}
						if !reflect.DeepEqual(vars, wantVars) {
							t.Errorf("%s: vars %#v\nwant GORM's %#v", name, vars, wantVars)
						}
						if i == 0 && hooks.InsertTextCount() != before+1 {
							t.Errorf("the statement was not cached (%d texts before, %d after)", before, hooks.InsertTextCount())
						}
					}
				})
			}
		}
	})
}

// validRow returns a new row of the model type that passes the hooks'
// document checks: the zero row, with a valid document where one is
// required.
func validRow(typ reflect.Type) any {
	id := models.MustParseUUID("3f2504e0-4f89-41d3-9a0c-0305e82c3301")
	switch typ {
	case reflect.TypeOf(models.DeploymentSchedule{}):
		return &models.DeploymentSchedule{Schedule: models.NewJSON(models.NewSchedule(models.CronSchedule{Cron: "0 5 * * *"}))}
	case reflect.TypeOf(models.Automation{}):
		return automation("a", reactive())
	case reflect.TypeOf(models.CompositeTriggerChildFiring{}):
		firing := models.Firing{ID: id, Trigger: models.NewServerTrigger(reactive()), TriggerStates: []models.TriggerState{models.TriggerStateTriggered}, Triggered: models.NewISOTime(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))}
		return &models.CompositeTriggerChildFiring{ChildFiring: models.NewJSON(firing)}
	case reflect.TypeOf(models.AutomationEventFollower{}):
		return &models.AutomationEventFollower{Follower: models.NewJSON(receivedEvent(flowRunResource))}
	case reflect.TypeOf(models.Event{}):
		return &models.Event{Occurred: models.NewTimestamp(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)), Event: "e", ResourceID: "r",
			Resource: models.NewJSON(map[string]string{"prefect.resource.id": "r"})}
	}
	return reflect.New(typ).Interface()
}

package hooks_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/models"
)

func TestLogTimestampDefaultsToNow(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		given := models.NewTimestamp(time.Date(2024, 3, 4, 5, 6, 7, 8000, time.UTC))
		tests := []struct {
			name  string
			given models.Timestamp
		}{
			{"unset", models.Timestamp{}},
			{"given", given},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := time.Now().UTC().Add(-time.Second)
				l := models.Log{Name: "n", Level: 20, Message: "m", Timestamp: tt.given}
				if err := db.Create(&l).Error; err != nil {
					t.Fatal(err)
				}
				var got models.Log
				if err := db.First(&got, "id = ?", l.ID).Error; err != nil {
					t.Fatal(err)
				}
				if tt.given.IsZero() {
					if got.Timestamp.Before(before) || got.Timestamp.After(time.Now().Add(time.Second)) || !got.Timestamp.Equal(got.Created.Time) {
						t.Errorf("timestamp %v, want the application clock (created %v)", got.Timestamp, got.Created)
					}
				} else if !got.Timestamp.Equal(tt.given.Time) {
					t.Errorf("timestamp %v, want %v", got.Timestamp, tt.given)
				}
			})
		}
	})
}

func TestLogLevelFitsSmallint(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		tests := []struct {
			level   int
			wantErr bool
		}{
			{50, false}, {32767, false}, {-32768, false}, {32768, true}, {-32769, true}, {1 << 40, true},
		}
		for _, tt := range tests {
			t.Run(fmt.Sprint(tt.level), func(t *testing.T) {
				name := fmt.Sprintf("level-%d", tt.level)
				err := db.Create(&models.Log{Name: name, Level: tt.level, Message: "m"}).Error
				checkLevelErr(t, err, tt.level, tt.wantErr)
				var n int64
				db.Model(&models.Log{}).Where("name = ?", name).Count(&n)
				if want := map[bool]int64{false: 1, true: 0}[tt.wantErr]; n != want {
					t.Errorf("%d rows stored, want %d", n, want)
				}
				ok := models.Log{Name: name + "-upd", Level: 10, Message: "m"}
				if err := db.Create(&ok).Error; err != nil {
					t.Fatal(err)
				}
				checkLevelErr(t, db.Model(&ok).Update("level", tt.level).Error, tt.level, tt.wantErr)
				checkLevelErr(t, db.Model(&ok).Updates(models.Log{Level: tt.level}).Error, tt.level, tt.wantErr)
				var got models.Log
				if err := db.First(&got, "id = ?", ok.ID).Error; err != nil {
					t.Fatal(err)
				}
				if want := map[bool]int{false: tt.level, true: 10}[tt.wantErr]; got.Level != want {
					t.Errorf("level read back %d, want %d", got.Level, want)
				}
			})
		}
	})
}

func checkLevelErr(t *testing.T, err error, level int, wantErr bool) {
	t.Helper()
	if !wantErr {
		if err != nil {
			t.Fatalf("level %d: %v", level, err)
		}
		return
	}
	if err == nil || !strings.Contains(err.Error(), "log.level") || !strings.Contains(err.Error(), fmt.Sprint(level)) {
		t.Fatalf("level %d: err %v, want one naming log.level and the value", level, err)
	}
}

func TestPrefectBooleanDefaults(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		flow := models.Flow{Name: "bools"}
		if err := db.Create(&flow).Error; err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name string
			set  *bool
			want string
		}{
			{"nil is Prefect's true", nil, "true"},
			{"false", ptr(false), "false"},
			{"true", ptr(true), "true"},
		}
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				dep := models.Deployment{Name: fmt.Sprint("dep-", i), FlowID: flow.ID, EnforceParameterSchema: tt.set}
				if err := db.Create(&dep).Error; err != nil {
					t.Fatal(err)
				}
				sched := models.DeploymentSchedule{DeploymentID: dep.ID, Active: tt.set,
					Schedule: models.NewJSON(models.NewSchedule(models.NewIntervalSchedule(time.Hour)))}
				if err := db.Create(&sched).Error; err != nil {
					t.Fatal(err)
				}
				var gotDep models.Deployment
				var gotSched models.DeploymentSchedule
				if err := db.First(&gotDep, "id = ?", dep.ID).Error; err != nil {
					t.Fatal(err)
				}
				if err := db.First(&gotSched, "id = ?", sched.ID).Error; err != nil {
					t.Fatal(err)
				}
				if gotDep.EnforceParameterSchema == nil || fmt.Sprint(*gotDep.EnforceParameterSchema) != tt.want {
					t.Errorf("deployment.enforce_parameter_schema read back %v, want %s", gotDep.EnforceParameterSchema, tt.want)
				}
				if gotSched.Active == nil || fmt.Sprint(*gotSched.Active) != tt.want {
					t.Errorf("deployment_schedule.active read back %v, want %s", gotSched.Active, tt.want)
				}
			})
		}
	})
}

func TestCreateRunWithFirstState(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		flow := models.Flow{Name: "nested"}
		if err := db.Create(&flow).Error; err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name  string
			state models.StateType
		}{
			{"scheduled", models.StateScheduled},
			{"running", models.StateRunning},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				run := models.NewFlowRun(flow.ID, "nested-"+tt.name)
				run.State = &models.FlowRunState{Type: tt.state, Name: string(tt.state)}
				if err := db.Create(&run).Error; err != nil {
					t.Fatal(err)
				}
				var got models.FlowRun
				if err := db.Preload("State").First(&got, "id = ?", run.ID).Error; err != nil {
					t.Fatal(err)
				}
				if got.State == nil || got.StateID == nil || *got.StateID != run.State.ID || got.State.FlowRunID != run.ID ||
					got.StateType == nil || *got.StateType != tt.state || run.StateID == nil || *run.StateID != *got.StateID {
					t.Fatalf("flow run read back state_id %v state_type %v state %+v", got.StateID, got.StateType, got.State)
				}
				task := models.NewTaskRun(run.ID, "nested-"+tt.name, "0", "")
				task.State = &models.TaskRunState{Type: tt.state, Name: string(tt.state)}
				if err := db.Create(&task).Error; err != nil {
					t.Fatal(err)
				}
				var gotTask models.TaskRun
				if err := db.First(&gotTask, "id = ?", task.ID).Error; err != nil {
					t.Fatal(err)
				}
				var st models.TaskRunState
				if err := db.First(&st, "task_run_id = ?", task.ID).Error; err != nil {
					t.Fatal(err)
				}
				if gotTask.StateID == nil || *gotTask.StateID != st.ID || gotTask.StateType == nil || *gotTask.StateType != tt.state {
					t.Fatalf("task run read back state_id %v state_type %v, state %s", gotTask.StateID, gotTask.StateType, st.ID)
				}
			})
		}
		t.Run("without a transaction", func(t *testing.T) {
			run := models.NewFlowRun(flow.ID, "nested-no-tx")
			run.State = &models.FlowRunState{Type: models.StatePending, Name: "Pending"}
			err := db.Session(&gorm.Session{SkipDefaultTransaction: true}).Create(&run).Error
			if err == nil || !strings.Contains(err.Error(), "db.Transaction") {
				t.Fatalf("err %v, want the refusal saying how", err)
			}
			var n int64
			db.Model(&models.FlowRun{}).Where("name = ?", "nested-no-tx").Count(&n)
			if n != 0 || run.State == nil {
				t.Errorf("%d runs stored, state kept %v", n, run.State != nil)
			}
		})
	})
}

// appNote is a user's own model with GORM's conventional uint key and
// columns named like prefectorm's created and updated, of other types.
type appNote struct {
	ID      uint `gorm:"primaryKey"`
	Title   string
	Created string
	Updated string
}

func TestUserModelIsLeftToGORM(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		if err := db.Exec(map[string]string{
			"sqlite":   "CREATE TABLE app_note (id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT, created TEXT, updated TEXT)",
			"postgres": "CREATE TABLE app_note (id BIGSERIAL PRIMARY KEY, title TEXT, created TEXT, updated TEXT)",
		}[db.Dialect.Name()]).Error; err != nil {
			t.Fatal(err)
		}
		at := "2024-01-02"
		tests := []string{"first", "second"}
		for i, title := range tests {
			t.Run(title, func(t *testing.T) {
				n := appNote{Title: title, Created: at, Updated: at}
				if err := db.Create(&n).Error; err != nil {
					t.Fatal(err)
				}
				if n.ID != uint(i+1) {
					t.Errorf("id %d, want the database's %d", n.ID, i+1)
				}
				if err := db.Model(&n).Update("title", title+"-edited").Error; err != nil {
					t.Fatal(err)
				}
				var got appNote
				if err := db.First(&got, n.ID).Error; err != nil {
					t.Fatal(err)
				}
				if got.Title != title+"-edited" || got.Created != at || got.Updated != at {
					t.Errorf("read back %+v", got)
				}
			})
		}
	})
}

// flowPatch is another struct than the model passed to Updates.
type flowPatch struct {
	Name string
	Tags models.JSON[[]string]
}

func TestUpdatesWithAnotherStruct(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		tests := []struct {
			name  string
			patch any
			want  string
		}{
			{"value", flowPatch{Name: "patched-value"}, "patched-value"},
			{"pointer", &flowPatch{Name: "patched-pointer", Tags: models.NewJSON([]string{"a"})}, "patched-pointer"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				f := models.Flow{Name: "patch-" + tt.name}
				if err := db.Create(&f).Error; err != nil {
					t.Fatal(err)
				}
				later := f.Updated.Add(time.Hour)
				clock := db.Session(&gorm.Session{NowFunc: func() time.Time { return later }})
				if err := clock.Model(&f).Updates(tt.patch).Error; err != nil {
					t.Fatal(err)
				}
				var got models.Flow
				if err := db.First(&got, "id = ?", f.ID).Error; err != nil {
					t.Fatal(err)
				}
				if got.Name != tt.want || !got.Updated.Equal(later) {
					t.Errorf("read back name %q updated %v, want %v", got.Name, got.Updated, later)
				}
			})
		}
	})
}

package hooks_test

import (
	"strings"
	"testing"
	"time"

	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/models"
)

// rawText reads one column of one row as the text stored in the database.
func rawText(t *testing.T, db dbtest.DB, table, column string, id models.UUID) string {
	t.Helper()
	var s string
	if err := db.Raw("SELECT CAST("+column+" AS TEXT) FROM "+table+" WHERE id = ?", id).Scan(&s).Error; err != nil {
		t.Fatal(err)
	}
	return s
}

func TestCreateFillsBase(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		before := time.Now().UTC().Add(-time.Second)
		given := models.MustParseUUID("3f2504e0-4f89-41d3-9a0c-0305e82c3301")
		tests := []struct {
			name string
			flow models.Flow
		}{
			{name: "zero base", flow: models.Flow{Name: "fills"}},
			{name: "given id", flow: models.Flow{Base: models.Base{ID: given}, Name: "keeps"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				f := tt.flow
				if err := db.Create(&f).Error; err != nil {
					t.Fatal(err)
				}
				if f.ID.IsZero() || (!tt.flow.ID.IsZero() && f.ID != tt.flow.ID) {
					t.Fatalf("id = %s", f.ID)
				}
				var stored models.Flow
				if err := db.First(&stored, "id = ?", f.ID).Error; err != nil {
					t.Fatal(err)
				}
				if !stored.Created.Equal(f.Created.Time) || !stored.Updated.Equal(stored.Created.Time) {
					t.Errorf("created %v updated %v, want both %v", stored.Created, stored.Updated, f.Created)
				}
				if stored.Created.Before(before) || stored.Created.After(time.Now().Add(time.Second)) {
					t.Errorf("created %v is not the application clock", stored.Created)
				}
				if got := rawText(t, db, "flow", "id", f.ID); got != f.ID.String() {
					t.Errorf("stored id %q, want %q", got, f.ID)
				}
			})
		}
	})
}

func TestUpdateBumpsUpdated(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		tests := []struct {
			name   string
			update func(f *models.Flow) error
		}{
			{"Save", func(f *models.Flow) error { f.Name += "-saved"; return db.Save(f).Error }},
			{"Update", func(f *models.Flow) error { return db.Model(f).Update("name", f.Name+"-1").Error }},
			{"Updates map", func(f *models.Flow) error {
				return db.Model(f).Updates(map[string]any{"name": f.Name + "-2"}).Error
			}},
			{"Updates struct", func(f *models.Flow) error { return db.Model(f).Updates(models.Flow{Name: f.Name + "-3"}).Error }},
			{"Select Updates", func(f *models.Flow) error {
				return db.Model(f).Select("name").Updates(models.Flow{Name: f.Name + "-4"}).Error
			}},
			{"batch", func(f *models.Flow) error {
				return db.Model(&models.Flow{}).Where("name = ?", f.Name).Update("name", f.Name+"-5").Error
			}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				old := models.NewTimestamp(time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC))
				f := models.Flow{Name: "bump-" + strings.ReplaceAll(tt.name, " ", "-"), Base: models.Base{Created: old, Updated: old}}
				if err := db.Create(&f).Error; err != nil {
					t.Fatal(err)
				}
				if err := tt.update(&f); err != nil {
					t.Fatal(err)
				}
				var stored models.Flow
				if err := db.First(&stored, "id = ?", f.ID).Error; err != nil {
					t.Fatal(err)
				}
				if !stored.Updated.After(old.Time.Add(time.Hour)) {
					t.Errorf("updated = %v, want bumped past %v", stored.Updated, old)
				}
				if !stored.Created.Equal(old.Time) {
					t.Errorf("created changed to %v", stored.Created)
				}
			})
		}
	})
}

func TestEnumValuesAreCheckedBeforeSQL(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		flow := models.Flow{Name: "enum-flow"}
		if err := db.Create(&flow).Error; err != nil {
			t.Fatal(err)
		}
		run := models.FlowRun{FlowID: flow.ID}
		run.Name = "enum-run"
		if err := db.Create(&run).Error; err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name  string
			write func() error
		}{
			{"create", func() error {
				return db.Create(&models.FlowRunState{FlowRunID: run.ID, Type: "RUNING", Name: "Running"}).Error
			}},
			{"update map", func() error { return db.Model(&run).Update("state_type", "DONE").Error }},
			{"update struct", func() error {
				bad := models.StateType("LATE")
				return db.Model(&run).Updates(models.FlowRun{Run: models.Run{StateType: &bad}}).Error
			}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				err := tt.write()
				if err == nil || !strings.Contains(err.Error(), "invalid state_type value") {
					t.Fatalf("err = %v, want an invalid state_type error", err)
				}
				if !strings.Contains(err.Error(), "flow_run") {
					t.Errorf("error %q does not name the table and column", err)
				}
			})
		}
		var n int64
		db.Model(&models.FlowRunState{}).Count(&n)
		if n != 0 {
			t.Errorf("%d states stored, want none", n)
		}
	})
}

package hooks_test

import (
	"strings"
	"testing"

	gormpostgres "gorm.io/driver/postgres"
	gormsqlite "gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/prefectorm/prefectorm/hooks"
	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/models"
)

// TestRegisterOnAUserHandle opens prefectorm's schema with plain gorm.Open,
// as an application might, and requires hooks.Register to refuse a SQLite
// handle without foreign keys (saying how to open it) and, where it
// accepts the handle, cascades to work.
func TestRegisterOnAUserHandle(t *testing.T) {
	tests := []struct {
		name    string
		dialect string
		open    func(url string) gorm.Dialector
		// wantErr lists what the refusal must say; nil: accepted.
		wantErr []string
	}{
		{
			name:    "sqlite without foreign keys",
			dialect: "sqlite",
			open:    func(url string) gorm.Dialector { return gormsqlite.Open(strings.TrimPrefix(url, "sqlite:///")) },
			wantErr: []string{"foreign keys off", "dialects/sqlite.Open", "_foreign_keys=on"},
		},
		{
			name:    "sqlite with _foreign_keys=on",
			dialect: "sqlite",
			open: func(url string) gorm.Dialector {
				return gormsqlite.Open(strings.TrimPrefix(url, "sqlite:///") + "?_foreign_keys=on")
			},
		},
		{
			name:    "postgres",
			dialect: "postgres",
			open:    func(url string) gorm.Dialector { return gormpostgres.Open(url) },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url := dbtest.New(t, tt.dialect).URL
			db, err := gorm.Open(tt.open(url), &gorm.Config{Logger: logger.Discard})
			if err != nil {
				t.Fatal(err)
			}
			sqlDB, _ := db.DB()
			t.Cleanup(func() { _ = sqlDB.Close() })
			err = hooks.Register(db)
			if tt.wantErr != nil {
				if err == nil {
					t.Fatal("hooks.Register accepted the handle")
				}
				for _, want := range tt.wantErr {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("error %q does not say %q", err, want)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			flow := models.Flow{Name: "etl"}
			if err := db.Create(&flow).Error; err != nil {
				t.Fatal(err)
			}
			if err := db.Create(&models.FlowRun{FlowID: flow.ID}).Error; err != nil {
				t.Fatal(err)
			}
			if err := db.Delete(&flow).Error; err != nil {
				t.Fatal(err)
			}
			var n int64
			if err := db.Model(&models.FlowRun{}).Count(&n).Error; err != nil {
				t.Fatal(err)
			}
			if n != 0 {
				t.Errorf("%d flow runs left after their flow was deleted, want 0 (ON DELETE CASCADE)", n)
			}
		})
	}
}

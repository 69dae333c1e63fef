package migrations_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/models"
)

// appNote is an application's own model beside prefectorm's, with a foreign
// key to flow.
type appNote struct {
	ID     models.UUID `gorm:"primaryKey"`
	FlowID models.UUID `gorm:"not null"`
	Flow   models.Flow `gorm:"constraint:OnDelete:CASCADE"`
	Body   string
}

func (appNote) TableName() string { return "app_note" }

// appTag is an application model without relationships.
type appTag struct {
	ID   models.UUID `gorm:"primaryKey"`
	Name string
}

func (appTag) TableName() string { return "app_tag" }

// statementLog is a GORM logger that records every statement sent.
type statementLog struct {
	logger.Interface
	mu  sync.Mutex
	sql []string
}

func (l *statementLog) LogMode(logger.LogLevel) logger.Interface { return l }

func (l *statementLog) Trace(_ context.Context, _ time.Time, fc func() (string, int64), _ error) {
	sql, _ := fc()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sql = append(l.sql, sql)
}

// ddl returns the schema-changing statements recorded, and forgets all.
func (l *statementLog) ddl() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, s := range l.sql {
		word, _, _ := strings.Cut(strings.TrimSpace(strings.ToUpper(s)), " ")
		switch word {
		case "CREATE", "ALTER", "DROP", "DO":
			out = append(out, s)
		}
	}
	l.sql = nil
	return out
}

// TestAutoMigrateIsMigrate requires db.AutoMigrate of prefectorm's models,
// on an empty database and on one built by Prefect 3.0, to leave exactly
// the schema migrations.Migrate builds, to issue no DDL the second time,
// and to auto-migrate the application's own models in the same call.
func TestAutoMigrateIsMigrate(t *testing.T) {
	starts := []struct {
		name string
		open func(t *testing.T, dialect string) dbtest.DB
	}{
		{"empty", func(t *testing.T, dialect string) dbtest.DB { return dbtest.Open(t, dbtest.URL(t, dialect)) }},
		{"prefect-3.0", reference},
	}
	for _, dialect := range dbtest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			want := prefectSchema(t, upgraded(t, dialect))
			for _, start := range starts {
				t.Run(start.name, func(t *testing.T) {
					db := start.open(t, dialect)
					log := &statementLog{Interface: logger.Discard}
					gdb := db.Session(&gorm.Session{Logger: log, Context: ctx(t)})
					all := append(models.All(), &appNote{}, &appTag{})
					if err := gdb.AutoMigrate(all...); err != nil {
						t.Fatalf("first AutoMigrate: %v", err)
					}
					if len(log.ddl()) == 0 {
						t.Fatal("first AutoMigrate issued no DDL")
					}
					if err := gdb.AutoMigrate(all...); err != nil {
						t.Fatalf("second AutoMigrate: %v", err)
					}
					if ddl := log.ddl(); len(ddl) > 0 {
						t.Errorf("second AutoMigrate issued %d DDL statements:\n%s", len(ddl), strings.Join(ddl, "\n"))
					}
					got := prefectSchema(t, db)
					for _, table := range []string{"app_note", "app_tag"} {
						if _, ok := got.Tables[table]; !ok {
							t.Errorf("AutoMigrate did not create the application's table %s", table)
						}
						delete(got.Tables, table)
					}
					requireSameSchema(t, "AutoMigrate vs Migrate", want, got)

					// The application's foreign key to flow works.
					flow := models.Flow{Name: "etl"}
					if err := db.Create(&flow).Error; err != nil {
						t.Fatal(err)
					}
					if err := db.Create(&appNote{FlowID: flow.ID, Body: "hello"}).Error; err != nil {
						t.Fatal(err)
					}
					if err := db.Create(&appNote{FlowID: models.NewUUID(), Body: "orphan"}).Error; err == nil {
						t.Error("app_note accepted a flow_id that references no flow")
					}
					if err := db.Delete(&flow).Error; err != nil {
						t.Fatal(err)
					}
					var n int64
					if err := db.Model(&appNote{}).Count(&n).Error; err != nil {
						t.Fatal(err)
					}
					if n != 0 {
						t.Errorf("app_note keeps %d rows after its flow was deleted, want 0 (ON DELETE CASCADE)", n)
					}
				})
			}
		})
	}
}

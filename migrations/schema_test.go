package migrations_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/migrations"
)

// ddlRecorder records the DDL statements a *gorm.DB executes.
type ddlRecorder struct {
	mu  sync.Mutex
	ddl []string
}

func recordDDL(t *testing.T, db *gorm.DB) *ddlRecorder {
	t.Helper()
	r := &ddlRecorder{}
	err := db.Callback().Raw().After("gorm:raw").Register("test:record_ddl", func(tx *gorm.DB) {
		sql := strings.TrimSpace(tx.Statement.SQL.String())
		for _, verb := range []string{"CREATE", "ALTER", "DROP", "DO"} {
			if strings.HasPrefix(strings.ToUpper(sql), verb+" ") {
				r.mu.Lock()
				r.ddl = append(r.ddl, sql)
				r.mu.Unlock()
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestCreateSchemaIsANoOpWhenPresent runs CreateSchema on a database that
// already has the schema, built by prefectorm or by Prefect itself (with
// PrefectSchemaOnly, since Prefect builds none of prefectorm's own
// indexes), and requires that it issues no DDL at all.
func TestCreateSchemaIsANoOpWhenPresent(t *testing.T) {
	for _, dialect := range dbtest.Dialects {
		tests := []struct {
			name string
			db   func(t *testing.T) dbtest.DB
			opts []migrations.Option
		}{
			{"built by prefectorm", func(t *testing.T) dbtest.DB { return dbtest.New(t, dialect) }, nil},
			{"built by Prefect 3.8.3", func(t *testing.T) dbtest.DB { return releaseReference(t, "3.8.3", dialect) },
				[]migrations.Option{migrations.PrefectSchemaOnly()}},
			{"built by Prefect 3.8.3 with the own indexes", func(t *testing.T) dbtest.DB {
				return buildOwnIndexes(t, releaseReference(t, "3.8.3", dialect))
			}, nil},
		}
		for _, tt := range tests {
			t.Run(dialect+"/"+tt.name, func(t *testing.T) {
				db := tt.db(t)
				rec := recordDDL(t, db.DB)
				if err := migrations.CreateSchema(context.Background(), db.DB, db.Dialect, tt.opts...); err != nil {
					t.Fatal(err)
				}
				if len(rec.ddl) > 0 {
					t.Fatalf("CreateSchema issued %d DDL statements on a complete schema:\n%s", len(rec.ddl), strings.Join(rec.ddl, "\n"))
				}
			})
		}
	}
}

// TestCreateSchemaFirstRunIssuesDDL guards the recorder itself: on an empty
// database the same call must create the tables.
func TestCreateSchemaFirstRunIssuesDDL(t *testing.T) {
	for _, dialect := range dbtest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			db := dbtest.Open(t, dbtest.URL(t, dialect))
			rec := recordDDL(t, db.DB)
			if err := migrations.CreateSchema(context.Background(), db.DB, db.Dialect); err != nil {
				t.Fatal(err)
			}
			tables, alembic := 0, 0
			for _, s := range rec.ddl {
				switch {
				case strings.HasPrefix(s, `CREATE TABLE "alembic_version"`):
					alembic++
				case strings.HasPrefix(s, "CREATE TABLE"):
					tables++
				}
			}
			if tables != 35 || alembic != 1 {
				t.Fatalf("created %d tables and %d alembic_version, want 35 and 1", tables, alembic)
			}
		})
	}
}

package dialects_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/mattn/go-sqlite3"
	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/models"
)

// TestErrorTranslation requires unique and foreign key violations to match
// GORM's error values, to keep the database's message with the constraint
// (or, on SQLite, the table) and to keep the driver's error reachable.
func TestErrorTranslation(t *testing.T) {
	tests := []struct {
		name string
		// violate runs a statement that fails on db, whose flow "etl" exists.
		violate func(db *gorm.DB, flow models.Flow) error
		want    error
		// message must appear in the error, by dialect.
		message map[string]string
	}{
		{
			name:    "unique name",
			violate: func(db *gorm.DB, _ models.Flow) error { return db.Create(&models.Flow{Name: "etl"}).Error },
			want:    gorm.ErrDuplicatedKey,
			message: map[string]string{"sqlite": "UNIQUE constraint failed: flow.name (constraint uq_flow__name)", "postgres": `"uq_flow__name"`},
		},
		{
			name: "primary key",
			violate: func(db *gorm.DB, flow models.Flow) error {
				dup := models.Flow{Name: "other"}
				dup.ID = flow.ID
				return db.Create(&dup).Error
			},
			want:    gorm.ErrDuplicatedKey,
			message: map[string]string{"sqlite": "flow.id (constraint pk_flow)", "postgres": `"pk_flow"`},
		},
		{
			name: "unique key of two columns",
			violate: func(db *gorm.DB, flow models.Flow) error {
				key := "nightly"
				for range 2 {
					if err := db.Create(&models.FlowRun{FlowID: flow.ID, IdempotencyKey: &key}).Error; err != nil {
						return err
					}
				}
				return nil
			},
			want:    gorm.ErrDuplicatedKey,
			message: map[string]string{"sqlite": "(constraint uq_flow_run__flow_id_idempotency_key)", "postgres": `"uq_flow_run__flow_id_idempotency_key"`},
		},
		{
			name: "foreign key on insert",
			violate: func(db *gorm.DB, _ models.Flow) error {
				return db.Create(&models.FlowRun{FlowID: models.NewUUID()}).Error
			},
			want:    gorm.ErrForeignKeyViolated,
			message: map[string]string{"sqlite": "insert into table flow_run", "postgres": `"fk_flow_run__flow_id__flow"`},
		},
		{
			name: "foreign key on update",
			violate: func(db *gorm.DB, flow models.Flow) error {
				run := models.FlowRun{FlowID: flow.ID}
				if err := db.Create(&run).Error; err != nil {
					return err
				}
				return db.Model(&run).Update("flow_id", models.NewUUID()).Error
			},
			want:    gorm.ErrForeignKeyViolated,
			message: map[string]string{"sqlite": "update of table flow_run", "postgres": `"fk_flow_run__flow_id__flow"`},
		},
	}
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		dialect := db.Dialect.Name()
		flow := models.Flow{Name: "etl"}
		if err := db.Create(&flow).Error; err != nil {
			t.Fatal(err)
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				err := db.Transaction(func(tx *gorm.DB) error { return tt.violate(tx, flow) })
				if err == nil {
					t.Fatal("statement succeeded")
				}
				t.Logf("%s", err)
				if !errors.Is(err, tt.want) {
					t.Errorf("errors.Is(%q, %v) = false", err, tt.want)
				}
				if !strings.Contains(err.Error(), tt.message[dialect]) {
					t.Errorf("error %q does not say %q", err, tt.message[dialect])
				}
				switch dialect {
				case "sqlite":
					var driverErr sqlite3.Error
					if !errors.As(err, &driverErr) {
						t.Errorf("errors.As(%q, *sqlite3.Error) = false", err)
					}
				case "postgres":
					var driverErr *pgconn.PgError
					if !errors.As(err, &driverErr) {
						t.Errorf("errors.As(%q, *pgconn.PgError) = false", err)
					}
				}
			})
		}
		var n int64
		if err := db.Model(&models.Flow{}).Count(&n).Error; err != nil || n != 1 {
			t.Errorf("flow count = %d (%v), want the one flow", n, err)
		}
	})
}

package dialects_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/prefectorm/prefectorm/dialects"
	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/models"
)

// BenchmarkUpsertFlow upserts flows by name (one in ten new, the rest
// conflicts returning the stored row) through dialects.Upsert and through
// the same statements written by hand on database/sql.
func BenchmarkUpsertFlow(b *testing.B) {
	ctx := context.Background()
	for _, dialect := range dbtest.Dialects {
		b.Run(dialect, func(b *testing.B) {
			db := dbtest.New(b, dialect)
			sqlDB, err := db.DB.DB()
			if err != nil {
				b.Fatal(err)
			}
			insert := dbtest.Rebind(dialect, `INSERT INTO flow (id, created, updated, name, tags) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (name) DO NOTHING`)
			read := dbtest.Rebind(dialect, `SELECT id, created, updated, name FROM flow WHERE name = ?`)
			raw := func(i int) error {
				tx, err := sqlDB.BeginTx(ctx, nil)
				if err != nil {
					return err
				}
				defer func() { _ = tx.Rollback() }()
				now := models.Now()
				name := fmt.Sprintf("raw-%d", i/10)
				if _, err := tx.ExecContext(ctx, insert, models.NewUUID(), now, now, name, "[]"); err != nil {
					return err
				}
				var f models.Flow
				if err := tx.QueryRowContext(ctx, read, name).Scan(&f.ID, &f.Created, &f.Updated, &f.Name); err != nil {
					return err
				}
				return tx.Commit()
			}
			orm := func(i int) error {
				return dialects.Upsert(ctx, db.DB, &models.Flow{Name: fmt.Sprintf("gorm-%d", i/10)})
			}
			dbtest.CompareRaw(b, raw, orm)
		})
	}
}

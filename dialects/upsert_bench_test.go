package dialects_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/prefectorm/prefectorm/dialects"
	"github.com/prefectorm/prefectorm/internal/coltype"
	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/models"
)

// BenchmarkUpsertFlow upserts flows by name (one in ten new, the rest
// conflicts returning the stored row) through dialects.Upsert and through
// the same statements written by hand on database/sql: in one transaction,
// the INSERT … ON CONFLICT DO NOTHING of the columns GORM writes and the
// read back of the whole stored row.
func BenchmarkUpsertFlow(b *testing.B) {
	ctx := context.Background()
	for _, dialect := range dbtest.Dialects {
		b.Run(dialect, func(b *testing.B) {
			db := dbtest.New(b, dialect)
			sqlDB, err := db.DB.DB()
			if err != nil {
				b.Fatal(err)
			}
			insert := dbtest.Rebind(dialect, `INSERT INTO flow (name, labels, id, created, updated) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (name) DO NOTHING`)
			read := dbtest.Rebind(dialect, `SELECT id, created, updated, name, tags, labels FROM flow WHERE name = ? LIMIT 1`)
			ts := func(t models.Timestamp) any { return coltype.SQLiteTime(t.Time) }
			if dialect == "postgres" {
				ts = func(t models.Timestamp) any { return t.Time.UTC() }
			}
			raw := func(i int) error {
				tx, err := sqlDB.BeginTx(ctx, nil)
				if err != nil {
					return err
				}
				defer func() { _ = tx.Rollback() }()
				now := models.Now()
				f := models.Flow{Name: fmt.Sprintf("raw-%d", i/10)}
				labels, err := f.Labels.Value()
				if err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, insert, f.Name, labels, models.NewUUID(), ts(now), ts(now)); err != nil {
					return err
				}
				if err := tx.QueryRowContext(ctx, read, f.Name).Scan(&f.ID, &f.Created, &f.Updated, &f.Name, &f.Tags, &f.Labels); err != nil {
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

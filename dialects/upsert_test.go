package dialects_test

import (
	"context"
	"slices"
	"testing"

	"gorm.io/gorm/clause"

	"github.com/prefectorm/prefectorm/dialects"
	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/internal/schemadiff"
	"github.com/prefectorm/prefectorm/models"
)

// TestUpsertColumnsAreBackedByAUniqueKey checks that every conflict target
// is exactly the column list of a unique index or UNIQUE constraint in the
// live schema (ON CONFLICT requires one), and that an upsert through it
// keeps one row.
func TestUpsertColumnsAreBackedByAUniqueKey(t *testing.T) {
	tables := []string{"flow", "flow_run", "task_run", "deployment", "block_type", "block_schema",
		"block_document", "concurrency_limit", "artifact_collection", "saved_search"}
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		sqlDB, err := db.DB.DB()
		if err != nil {
			t.Fatal(err)
		}
		s, err := schemadiff.Inspect(context.Background(), sqlDB, db.Dialect.Name())
		if err != nil {
			t.Fatal(err)
		}
		for _, table := range tables {
			t.Run(table, func(t *testing.T) {
				var cols []string
				for _, c := range db.Dialect.UpsertColumns(table) {
					cols = append(cols, c.Name)
				}
				var keys [][]string
				for _, u := range s.Tables[table].Uniques {
					keys = append(keys, u.Columns)
				}
				for _, idx := range s.Tables[table].Indexes {
					if idx.Unique && idx.Where == "" {
						keys = append(keys, idx.Elements)
					}
				}
				if !slices.ContainsFunc(keys, func(k []string) bool { return slices.Equal(k, cols) }) {
					t.Errorf("upsert columns %v match no unique key of %s (%v)", cols, table, keys)
				}
			})
		}
		if got := db.Dialect.UpsertColumns("log"); got != nil {
			t.Errorf("UpsertColumns(log) = %v, want nil", got)
		}
		t.Run("upsert keeps one row", func(t *testing.T) {
			for i := 0; i < 3; i++ {
				tag := models.ConcurrencyLimit{Tag: "db", ConcurrencyLimit: 10 + i}
				err := db.Clauses(onConflictUpdate(db, "concurrency_limit", "concurrency_limit")).Create(&tag).Error
				if err != nil {
					t.Fatal(err)
				}
			}
			var rows []models.ConcurrencyLimit
			if err := db.Find(&rows, "tag = ?", "db").Error; err != nil {
				t.Fatal(err)
			}
			if len(rows) != 1 || rows[0].ConcurrencyLimit != 12 {
				t.Fatalf("rows = %+v, want one with limit 12", rows)
			}
		})
	})
}

// onConflictUpdate is ON CONFLICT (<upsert columns>) DO UPDATE SET column.
func onConflictUpdate(db dbtest.DB, table, column string) clause.OnConflict {
	return clause.OnConflict{Columns: db.Dialect.UpsertColumns(table), DoUpdates: clause.AssignmentColumns([]string{column})}
}

// TestUpsertAppliesKeyDefaults upserts block schemas whose Version is
// empty, which the database stores as its default 'non-versioned': the row
// is read back by the stored key, and a second upsert finds it.
func TestUpsertAppliesKeyDefaults(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name, version, want string
	}{
		{"empty version", "", "non-versioned"},
		{"explicit non-versioned", "non-versioned", "non-versioned"},
		{"explicit version", "2.0.1", "2.0.1"},
	}
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		typ := models.BlockType{Name: "Defaults", Slug: "defaults"}
		if err := db.Create(&typ).Error; err != nil {
			t.Fatal(err)
		}
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				checksum := "sha256:defaults-" + string(rune('a'+i))
				var ids []models.UUID
				for range 2 {
					row := models.BlockSchema{Checksum: checksum, Version: tt.version, BlockTypeID: typ.ID}
					if err := dialects.Upsert(ctx, db.DB, &row); err != nil {
						t.Fatal(err)
					}
					if row.Version != tt.want {
						t.Errorf("returned version %q, want %q", row.Version, tt.want)
					}
					ids = append(ids, row.ID)
				}
				if ids[0] != ids[1] {
					t.Errorf("second upsert returned %s, want the stored %s", ids[1], ids[0])
				}
				var stored []models.BlockSchema
				if err := db.Where("checksum = ?", checksum).Find(&stored).Error; err != nil {
					t.Fatal(err)
				}
				if len(stored) != 1 || stored[0].Version != tt.want || stored[0].ID != ids[0] {
					t.Errorf("stored %+v, want one row %s with version %q", stored, ids[0], tt.want)
				}
			})
		}
	})
}

package dialects_test

import (
	"database/sql"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/models"
)

// ms returns a UTC time on 2024-08-19 at 12:00 plus offset, whole
// milliseconds (SQLite's julian-day arithmetic has millisecond precision).
func ms(offset time.Duration) time.Time {
	return time.Date(2024, 8, 19, 12, 0, 0, 0, time.UTC).Add(offset).Truncate(time.Millisecond)
}

// scanOne runs SELECT expr and scans the single value into dst.
func scanOne(t *testing.T, db dbtest.DB, expr any, dst any) error {
	t.Helper()
	return scanRow(db.Raw("SELECT ?", expr), dst)
}

// scanRow runs q and scans its single row into dst, returning the
// statement's error (Row would drop it).
func scanRow(q *gorm.DB, dst ...any) error {
	rows, err := q.Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		return sql.ErrNoRows
	}
	if err := rows.Scan(dst...); err != nil {
		return err
	}
	return rows.Close()
}

// createFlow inserts a flow named name and returns it.
func createFlow(t *testing.T, db dbtest.DB, name string) models.Flow {
	t.Helper()
	f := models.Flow{Name: name}
	if err := db.Create(&f).Error; err != nil {
		t.Fatalf("create flow %s: %v", name, err)
	}
	return f
}

func ts(t time.Time) *models.Timestamp { v := models.NewTimestamp(t); return &v }

func stringsJoin(path []string) string { return strings.Join(path, "/") }

func contains(s, sub string) bool { return strings.Contains(s, sub) }

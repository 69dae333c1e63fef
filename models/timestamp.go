package models

import (
	"context"
	"database/sql/driver"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/gorm/schema"
)

// SQLiteTimeLayout is the text layout Prefect stores timestamps in on SQLite:
// UTC, a space separator, always six fractional digits and no offset.
const SQLiteTimeLayout = "2006-01-02 15:04:05.000000"

// Timestamp is Prefect's timestamp column type: TIMESTAMP WITH TIME ZONE on
// PostgreSQL, DATETIME holding SQLiteTimeLayout text on SQLite. Values are
// kept in UTC with microsecond precision. Use *Timestamp for nullable columns.
type Timestamp struct {
	time.Time
}

// NewTimestamp returns t converted to UTC and truncated to microseconds.
func NewTimestamp(t time.Time) Timestamp {
	return Timestamp{Time: t.UTC().Truncate(time.Microsecond)}
}

// Now returns the current time of the application clock as a Timestamp.
func Now() Timestamp { return NewTimestamp(time.Now()) }

// Ptr returns a pointer to a copy of t, for nullable timestamp columns.
func (t Timestamp) Ptr() *Timestamp { return &t }

// GormDataType returns the generic data type name GORM uses for times.
func (Timestamp) GormDataType() string { return "time" }

// GormDBDataType returns TIMESTAMP WITH TIME ZONE on PostgreSQL and DATETIME elsewhere.
func (Timestamp) GormDBDataType(db *gorm.DB, _ *schema.Field) string {
	if isPostgres(db) {
		return "TIMESTAMP WITH TIME ZONE"
	}
	return "DATETIME"
}

// GormValue binds a time.Time on PostgreSQL and Prefect's UTC text on SQLite,
// so the SQLite driver's own time format never reaches the disk.
func (t Timestamp) GormValue(_ context.Context, db *gorm.DB) clause.Expr {
	if isPostgres(db) {
		return clause.Expr{SQL: "?", Vars: []any{t.Time.UTC()}}
	}
	return clause.Expr{SQL: "?", Vars: []any{t.SQLiteText()}}
}

// SQLiteText returns t in SQLiteTimeLayout, in UTC.
func (t Timestamp) SQLiteText() string { return t.Time.UTC().Format(SQLiteTimeLayout) }

// Value returns SQLiteTimeLayout text in UTC, for statements built outside
// GORM; PostgreSQL reads it as UTC because prefectorm sessions run in UTC.
func (t Timestamp) Value() (driver.Value, error) { return t.SQLiteText(), nil }

// Scan reads a time.Time or any of the text forms SQLite may hold (Prefect's
// layout, ISO-8601 with T and an offset); text without an offset is UTC.
func (t *Timestamp) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		*t = NewTimestamp(v)
		return nil
	case string:
		return t.scanText(v)
	case []byte:
		return t.scanText(string(v))
	case nil:
		return fmt.Errorf("prefectorm: NULL in a non-nullable timestamp column (use *models.Timestamp)")
	}
	return fmt.Errorf("prefectorm: cannot scan %T into a Timestamp", src)
}

func (t *Timestamp) scanText(s string) error {
	parsed, err := parseTimeText(s)
	if err != nil {
		return err
	}
	*t = NewTimestamp(parsed)
	return nil
}

var timeTextLayouts = []string{
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05.999999999Z07:00",
	"2006-01-02 15:04",
	"2006-01-02",
}

// parseTimeText parses timestamp text as SQLite holds it; no offset means UTC.
func parseTimeText(s string) (time.Time, error) {
	for _, layout := range timeTextLayouts {
		if parsed, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return parsed, nil
		}
	}
	return time.Time{}, fmt.Errorf("prefectorm: invalid timestamp text %q", s)
}

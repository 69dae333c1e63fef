package models

import (
	"context"
	"database/sql/driver"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/gorm/schema"

	"github.com/prefectorm/prefectorm/internal/coltype"
)

// Timestamp is Prefect's timestamp column type: TIMESTAMP WITH TIME ZONE on
// PostgreSQL, DATETIME holding UTC text with six fractional digits (2006-01-02
// 15:04:05.000000) on SQLite. Values are
// kept in UTC with microsecond precision, in years 0000 to 9999 (what
// Prefect's Python datetimes and SQLite's text can hold); a time outside
// them is refused on write. Use *Timestamp for nullable columns.
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
// so the SQLite driver's own time format never reaches the disk. A time
// outside years 0000 to 9999 fails the statement before it is sent.
func (t Timestamp) GormValue(_ context.Context, db *gorm.DB) clause.Expr {
	if err := checkTimeRange(t.Time); err != nil {
		_ = db.AddError(err)
	}
	if isPostgres(db) {
		return clause.Expr{SQL: "?", Vars: []any{t.Time.UTC()}}
	}
	return clause.Expr{SQL: "?", Vars: []any{coltype.SQLiteTime(t.Time)}}
}

// Value returns the text Prefect stores on SQLite (UTC, six fractional
// digits), for statements built outside
// GORM; PostgreSQL reads it as UTC because prefectorm sessions run in UTC.
// A time outside years 0000 to 9999 is an error.
func (t Timestamp) Value() (driver.Value, error) {
	if err := checkTimeRange(t.Time); err != nil {
		return nil, err
	}
	return coltype.SQLiteTime(t.Time), nil
}

// Scan reads a time.Time (PostgreSQL) or timestamp text (SQLite): the form
// Prefect writes or ISO-8601 with a T or space separator, with or without
// seconds, fraction (up to nine digits) and offset (Z, +00:00, +0000, +00);
// text without an offset is UTC. Anything else, including a time outside years 0000
// to 9999, is a *ValueError quoting the stored value.
func (t *Timestamp) Scan(src any) (err error) {
	defer recoverScan(&err, "timestamp", src)
	switch v := src.(type) {
	case time.Time:
		if err := checkTimeRange(v); err != nil {
			return err
		}
		*t = NewTimestamp(v)
		return nil
	case string:
		return t.scanText(v)
	case []byte:
		return t.scanText(string(v))
	case nil:
		return &ValueError{Type: "timestamp", Value: "NULL", Reason: "the column is not nullable (use *models.Timestamp)"}
	}
	return valueError("timestamp", src, "not a time or timestamp text")
}

func (t *Timestamp) scanText(s string) error {
	parsed, err := parseTimeText(s)
	if err != nil {
		return err
	}
	*t = NewTimestamp(parsed)
	return nil
}

// CheckRange returns the *ValueError that GormValue and Value report for a
// time outside years 0000 to 9999 in UTC (which Prefect cannot store), or
// nil. Bulk writers that encode values themselves call it first.
func (t Timestamp) CheckRange() error { return checkTimeRange(t.Time) }

// checkTimeRange refuses a time outside years 0000 to 9999 in UTC.
func checkTimeRange(t time.Time) error {
	if !coltype.InTimeRange(t) {
		return &ValueError{Type: "timestamp", Value: t.UTC().Format(time.RFC3339Nano),
			Reason: "outside years 0000 to 9999, which Prefect cannot store"}
	}
	return nil
}

// parseTimeText is coltype.ParseTimeText with its error a *ValueError
// quoting s.
func parseTimeText(s string) (time.Time, error) {
	t, err := coltype.ParseTimeText(s)
	if err != nil {
		return time.Time{}, valueError("timestamp", s, "%s", err.Error())
	}
	return t, nil
}

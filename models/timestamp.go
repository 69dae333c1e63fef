package models

import (
	"context"
	"database/sql/driver"
	"errors"
	"strings"
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
	return clause.Expr{SQL: "?", Vars: []any{t.SQLiteText()}}
}

// SQLiteText returns t in SQLiteTimeLayout, in UTC.
func (t Timestamp) SQLiteText() string { return t.Time.UTC().Format(SQLiteTimeLayout) }

// Value returns SQLiteTimeLayout text in UTC, for statements built outside
// GORM; PostgreSQL reads it as UTC because prefectorm sessions run in UTC.
// A time outside years 0000 to 9999 is an error.
func (t Timestamp) Value() (driver.Value, error) {
	if err := checkTimeRange(t.Time); err != nil {
		return nil, err
	}
	return t.SQLiteText(), nil
}

// Scan reads a time.Time (PostgreSQL) or timestamp text (SQLite) in any form
// ParseTimeText accepts. Anything else, including a time outside years 0000
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
	parsed, err := ParseTimeText(s)
	if err != nil {
		return err
	}
	*t = NewTimestamp(parsed)
	return nil
}

// minTime and maxTime bound the times prefectorm stores: years 0000 to 9999
// in UTC, the range of four-digit years in SQLite's text and near enough
// Python's datetime (which starts at year 1).
var (
	minTime = time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC)
	maxTime = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
)

// CheckRange returns the *ValueError that GormValue and Value report for a
// time outside years 0000 to 9999 in UTC (which Prefect cannot store), or
// nil. Bulk writers that encode values themselves call it first.
func (t Timestamp) CheckRange() error { return checkTimeRange(t.Time) }

// checkTimeRange refuses a time outside years 0000 to 9999 in UTC.
func checkTimeRange(t time.Time) error {
	if t.Before(minTime) || !t.Before(maxTime) {
		return &ValueError{Type: "timestamp", Value: t.UTC().Format(time.RFC3339Nano),
			Reason: "outside years 0000 to 9999, which Prefect cannot store"}
	}
	return nil
}

// The accepted text forms: a date, optionally a T or space and a time of
// hours and minutes with optional seconds and fraction, optionally an offset
// (Z, ±hh:mm, ±hhmm or ±hh). They cover the form Prefect writes
// (SQLiteTimeLayout) and the ISO-8601 forms Python's datetime.fromisoformat
// accepts (Go's parser also takes a one-digit hour and a comma before the
// fraction).
var (
	timeTextDates   = []string{"2006-01-02"}
	timeTextClocks  = []string{"15:04:05", "15:04"}
	timeTextOffsets = []string{"", "Z07:00", "-0700", "-07"}
	timeTextLayouts = func() []string {
		layouts := timeTextDates
		for _, sep := range []string{" ", "T"} {
			for _, clock := range timeTextClocks {
				for _, offset := range timeTextOffsets {
					layouts = append(layouts, timeTextDates[0]+sep+clock+offset)
				}
			}
		}
		return layouts
	}()
)

// ParseTimeText parses timestamp text as SQLite may hold it: Prefect's
// SQLiteTimeLayout or ISO-8601 with a T or space separator, with or without
// seconds, fraction (up to nine digits) and offset (Z, +00:00, +0000, +00).
// Text without an offset is UTC. Any other text, an impossible date such as
// 2024-02-30, or a year outside 0000 to 9999 is a *ValueError.
func ParseTimeText(s string) (time.Time, error) {
	reason := "not a date and time Prefect writes or accepts"
	for _, layout := range timeTextLayouts {
		parsed, err := time.ParseInLocation(layout, s, time.UTC)
		if err == nil {
			if err := checkTimeRange(parsed); err != nil {
				return time.Time{}, valueError("timestamp", s, "outside years 0000 to 9999")
			}
			return parsed, nil
		}
		// A layout that matched the shape but not the calendar says why.
		var pe *time.ParseError
		if errors.As(err, &pe) && strings.HasSuffix(pe.Message, "out of range") {
			reason = strings.TrimPrefix(pe.Message, ": ")
		}
	}
	return time.Time{}, valueError("timestamp", s, "%s", reason)
}

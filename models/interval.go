package models

import (
	"context"
	"database/sql/driver"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/gorm/schema"
)

// unixEpoch is the origin SQLite intervals are stored relative to.
var unixEpoch = time.Unix(0, 0).UTC()

// Interval is Prefect's interval column type (total_run_time): INTERVAL on
// PostgreSQL; on SQLite a DATETIME holding the epoch plus the interval, as
// Prefect writes it (3661.5 s is "1970-01-01 01:01:01.500000").
type Interval time.Duration

// Duration returns i as a time.Duration.
func (i Interval) Duration() time.Duration { return time.Duration(i) }

// GormDataType returns the generic data type name GORM uses for intervals.
func (Interval) GormDataType() string { return "interval" }

// GormDBDataType returns INTERVAL on PostgreSQL and DATETIME elsewhere.
func (Interval) GormDBDataType(db *gorm.DB, _ *schema.Field) string {
	if isPostgres(db) {
		return "INTERVAL"
	}
	return "DATETIME"
}

// GormValue binds the interval in each dialect's stored form.
func (i Interval) GormValue(_ context.Context, db *gorm.DB) clause.Expr {
	if isPostgres(db) {
		return clause.Expr{SQL: "?", Vars: []any{i.postgresText()}}
	}
	return clause.Expr{SQL: "?", Vars: []any{i.SQLiteText()}}
}

// SQLiteText returns the epoch-relative text Prefect stores on SQLite.
func (i Interval) SQLiteText() string {
	return unixEpoch.Add(time.Duration(i)).Truncate(time.Microsecond).Format(SQLiteTimeLayout)
}

func (i Interval) postgresText() string {
	return fmt.Sprintf("%d microseconds", time.Duration(i).Microseconds())
}

// Value returns the SQLite form, for statements built outside GORM.
func (i Interval) Value() (driver.Value, error) { return i.SQLiteText(), nil }

// Scan reads an epoch-relative SQLite value (text, time or the integer 0 of
// the raw-SQL server default) or a PostgreSQL interval.
func (i *Interval) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		*i = Interval(v.Sub(unixEpoch))
		return nil
	case int64:
		*i = Interval(time.Duration(v) * time.Second)
		return nil
	case float64:
		*i = Interval(time.Duration(v * float64(time.Second)))
		return nil
	case []byte:
		return i.scanText(string(v))
	case string:
		return i.scanText(v)
	case nil:
		return fmt.Errorf("prefectorm: NULL in a non-nullable interval column")
	}
	return fmt.Errorf("prefectorm: cannot scan %T into an Interval", src)
}

func (i *Interval) scanText(s string) error {
	if t, err := parseTimeText(s); err == nil {
		*i = Interval(t.Sub(unixEpoch))
		return nil
	}
	var pg pgtype.Interval
	if err := pg.Scan(s); err != nil || !pg.Valid {
		return fmt.Errorf("prefectorm: invalid interval %q", s)
	}
	d := time.Duration(pg.Microseconds)*time.Microsecond +
		time.Duration(pg.Days)*24*time.Hour +
		time.Duration(pg.Months)*30*24*time.Hour
	*i = Interval(d)
	return nil
}

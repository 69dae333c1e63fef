package models

import (
	"context"
	"database/sql/driver"
	"fmt"
	"math"
	"math/big"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/gorm/schema"

	"github.com/prefectorm/prefectorm/internal/coltype"
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
	return clause.Expr{SQL: "?", Vars: []any{i.sqliteText()}}
}

// sqliteText returns the epoch-relative text Prefect stores on SQLite.
func (i Interval) sqliteText() string {
	// Truncate the duration (toward zero, as the PostgreSQL form does), not the time.
	return unixEpoch.Add(time.Duration(i).Truncate(time.Microsecond)).Format(coltype.SQLiteTimeLayout)
}

func (i Interval) postgresText() string {
	return fmt.Sprintf("%d microseconds", time.Duration(i).Microseconds())
}

// Value returns the SQLite form, for statements built outside GORM.
func (i Interval) Value() (driver.Value, error) { return i.sqliteText(), nil }

// Scan reads an interval as each dialect stores it. From SQLite,
// prefectorm's driver hands DATETIME text over as []byte: it must be the
// epoch-relative timestamp text Prefect writes (see Timestamp.Scan), and the
// integer 0 of the raw-SQL server default (or any integer or float) counts
// seconds. From PostgreSQL it is the interval's text output, a string
// ("1 day 02:03:04.5"), read with pgx's parser; a day counts 24 hours and a
// month 30 days. A value beyond time.Duration's ±292 years, any
// other text, or a parser panic is a *ValueError quoting the stored value.
func (i *Interval) Scan(src any) (err error) {
	defer recoverScan(&err, "interval", src)
	var d time.Duration
	switch v := src.(type) {
	case time.Time:
		d, err = epochOffset(v, src)
	case int64:
		const limit = int64(math.MaxInt64 / time.Second)
		if v > limit || v < -limit {
			return valueError("interval", src, "beyond ±292 years, the range of a Go time.Duration")
		}
		d = time.Duration(v) * time.Second
	case float64:
		d, err = secondsDuration(v, src)
	case []byte:
		d, err = sqliteIntervalText(string(v))
	case string:
		d, err = intervalText(v)
	case nil:
		return &ValueError{Type: "interval", Value: "NULL", Reason: "the column is not nullable"}
	default:
		return valueError("interval", src, "not an interval")
	}
	if err != nil {
		return err
	}
	*i = Interval(d)
	return nil
}

// sqliteIntervalText reads Prefect's SQLite form: the epoch plus the interval.
func sqliteIntervalText(s string) (time.Duration, error) {
	t, err := parseTimeText(s)
	if err != nil {
		return 0, valueError("interval", s, "not the epoch-relative timestamp text Prefect stores on SQLite (%s)", err.(*ValueError).Reason)
	}
	return epochOffset(t, s)
}

// intervalText reads a string: PostgreSQL's interval output, or the SQLite
// form when a driver other than prefectorm's hands DATETIME text as a string.
func intervalText(s string) (time.Duration, error) {
	if t, err := parseTimeText(s); err == nil {
		return epochOffset(t, s)
	}
	var pg pgtype.Interval
	if err := pg.Scan(s); err != nil || !pg.Valid {
		return 0, valueError("interval", s, "neither PostgreSQL interval text nor epoch-relative timestamp text")
	}
	return pgIntervalDuration(pg, s)
}

// epochOffset returns t minus the epoch, refusing what overflows a Duration.
func epochOffset(t time.Time, src any) (time.Duration, error) {
	// Sub saturates instead of failing; adding back tells.
	d := t.Sub(unixEpoch)
	if !unixEpoch.Add(d).Equal(t) {
		return 0, valueError("interval", src, "beyond ±292 years, the range of a Go time.Duration")
	}
	return d, nil
}

// secondsDuration converts seconds to a Duration, refusing NaN, ±Inf and
// values beyond ±292 years instead of wrapping.
func secondsDuration(secs float64, src any) (time.Duration, error) {
	d, ok := durationOfSeconds(secs)
	if !ok {
		return 0, valueError("interval", src, "beyond ±292 years, the range of a Go time.Duration")
	}
	return d, nil
}

// durationOfSeconds converts float seconds to a Duration rounded to the
// nanosecond; ok is false for NaN, ±Inf and out-of-range values.
func durationOfSeconds(secs float64) (time.Duration, bool) {
	ns := math.Round(secs * float64(time.Second))
	// float64(math.MaxInt64) rounds up to 2^63, itself out of range.
	if math.IsNaN(ns) || ns >= float64(math.MaxInt64) || ns < float64(math.MinInt64) {
		return 0, false
	}
	return time.Duration(ns), true
}

// pgIntervalDuration adds up a parsed PostgreSQL interval with overflow
// checks: a day is 24 hours and a month 30 days.
func pgIntervalDuration(pg pgtype.Interval, src any) (time.Duration, error) {
	const day = int64(24 * time.Hour)
	total := new(big.Int).Mul(big.NewInt(pg.Microseconds), big.NewInt(int64(time.Microsecond)))
	total.Add(total, new(big.Int).Mul(big.NewInt(int64(pg.Days)), big.NewInt(day)))
	total.Add(total, new(big.Int).Mul(big.NewInt(int64(pg.Months)), big.NewInt(30*day)))
	if !total.IsInt64() {
		return 0, valueError("interval", src, "beyond ±292 years, the range of a Go time.Duration")
	}
	return time.Duration(total.Int64()), nil
}

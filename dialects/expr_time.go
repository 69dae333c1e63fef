package dialects

import "gorm.io/gorm/clause"

// Now is Prefect's now(): CURRENT_TIMESTAMP (transaction start) on
// PostgreSQL, strftime('%Y-%m-%d %H:%M:%f000', 'now') (UTC, milliseconds) on
// SQLite. It scans into models.Timestamp on both.
func Now() clause.Expression { return nowExpr{} }

type nowExpr struct{}

// Build writes the dialect's current timestamp.
func (nowExpr) Build(b clause.Builder) {
	if isPostgresBuilder(b) {
		b.WriteString("CURRENT_TIMESTAMP")
		return
	}
	b.WriteString("strftime(" + sqliteTimeFormat + ", 'now')")
}

// DateAdd is Prefect's date_add(dt, interval): the timestamp dt plus an
// interval. dt is a clause.Column, a clause.Expression, a time.Time or a
// models.Timestamp; interval a clause.Column, a clause.Expression, a
// time.Duration or a models.Interval (Go values are bound parameters). It
// scans into models.Timestamp. On SQLite the arithmetic runs on julian days
// and has millisecond precision.
func DateAdd(dt, interval any) clause.Expression { return dateAddExpr{dt: dt, interval: interval} }

type dateAddExpr struct{ dt, interval any }

// Build writes CAST(dt AS TIMESTAMPTZ) + CAST(interval AS INTERVAL) on
// PostgreSQL and the julian-day sum formatted as timestamp text on SQLite.
func (e dateAddExpr) Build(b clause.Builder) {
	if isPostgresBuilder(b) {
		writePostgresInfix(b, "DateAdd", e.dt, timeOperand, "+", e.interval, intervalOperand)
		return
	}
	b.WriteString("strftime(" + sqliteTimeFormat + ", ")
	writeSQLiteJulianDay(b, "DateAdd", e.dt, timeOperand)
	b.WriteString(" + (")
	writeSQLiteJulianDay(b, "DateAdd", e.interval, intervalOperand)
	b.WriteString(" - " + sqliteEpochJulianDay + "))")
}

// DateDiff is Prefect's date_diff(d1, d2): the interval d1 - d2 between two
// timestamps (operands as for DateAdd's dt). It scans into models.Interval; on
// SQLite it is epoch-relative text with millisecond precision, and a negative
// difference is text before 1970 (it still compares and scans correctly).
func DateDiff(d1, d2 any) clause.Expression { return dateDiffExpr{d1: d1, d2: d2} }

type dateDiffExpr struct{ d1, d2 any }

// Build writes CAST(d1 AS TIMESTAMPTZ) - CAST(d2 AS TIMESTAMPTZ) on
// PostgreSQL and the julian-day difference as epoch-relative text on SQLite.
func (e dateDiffExpr) Build(b clause.Builder) {
	if isPostgresBuilder(b) {
		writePostgresInfix(b, "DateDiff", e.d1, timeOperand, "-", e.d2, timeOperand)
		return
	}
	b.WriteString("strftime(" + sqliteTimeFormat + ", " + sqliteEpochJulianDay + " + ")
	writeSQLiteJulianDay(b, "DateDiff", e.d1, timeOperand)
	b.WriteString(" - ")
	writeSQLiteJulianDay(b, "DateDiff", e.d2, timeOperand)
	b.WriteByte(')')
}

// IntervalAdd is Prefect's interval_add(i1, i2): the sum of two intervals
// (clause.Column, clause.Expression, time.Duration or models.Interval). It
// scans into models.Interval; on SQLite it has millisecond precision.
func IntervalAdd(i1, i2 any) clause.Expression { return intervalAddExpr{i1: i1, i2: i2} }

type intervalAddExpr struct{ i1, i2 any }

// Build writes CAST(i1 AS INTERVAL) + CAST(i2 AS INTERVAL) on PostgreSQL and
// the julian-day sum as epoch-relative text on SQLite.
func (e intervalAddExpr) Build(b clause.Builder) {
	if isPostgresBuilder(b) {
		writePostgresInfix(b, "IntervalAdd", e.i1, intervalOperand, "+", e.i2, intervalOperand)
		return
	}
	b.WriteString("strftime(" + sqliteTimeFormat + ", ")
	writeSQLiteJulianDay(b, "IntervalAdd", e.i1, intervalOperand)
	b.WriteString(" + ")
	writeSQLiteJulianDay(b, "IntervalAdd", e.i2, intervalOperand)
	b.WriteString(" - " + sqliteEpochJulianDay + ")")
}

// writePostgresInfix writes (CAST(x AS …) op CAST(y AS …)), the PostgreSQL
// form of the time functions.
func writePostgresInfix(b clause.Builder, fn string, x any, xKind operandKind, op string, y any, yKind operandKind) {
	b.WriteByte('(')
	writePostgresCast(b, fn, x, xKind)
	b.WriteString(" " + op + " ")
	writePostgresCast(b, fn, y, yKind)
	b.WriteByte(')')
}

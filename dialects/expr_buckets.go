package dialects

import (
	"fmt"
	"strconv"
	"strings"

	"gorm.io/gorm/clause"

	"github.com/prefectorm/prefectorm/internal/coltype"
	"github.com/prefectorm/prefectorm/models"
)

// microsSince is the whole number of microseconds from origin (a Go time
// bound as a parameter) to the timestamp column col, exact on both
// dialects: EXTRACT(EPOCH FROM …) is numeric on PostgreSQL, and on SQLite
// the stored text's seconds (strftime('%s')) and its six fraction digits
// are read as integers, avoiding julian-day rounding. The time buckets of
// the dashboard and the run history divide it by the bucket width.
type microsSince struct {
	col    clause.Column
	origin models.Timestamp
}

// Build writes the integer expression.
func (e microsSince) Build(b clause.Builder) {
	if isPostgresBuilder(b) {
		b.WriteString("CAST(EXTRACT(EPOCH FROM (")
		b.WriteQuoted(e.col)
		b.WriteString(" - CAST(")
		b.AddVar(b, e.origin)
		b.WriteString(" AS TIMESTAMPTZ))) * 1000000 AS BIGINT)")
		return
	}
	b.WriteString("((CAST(strftime('%s', ")
	b.WriteQuoted(e.col)
	b.WriteString(") AS INTEGER) * 1000000 + CAST(substr(")
	b.WriteQuoted(e.col)
	b.WriteString(", 21, 6) AS INTEGER)) - ")
	b.AddVar(b, sqliteMicros(e.origin))
	b.WriteByte(')')
}

// sqliteMicros is the microseconds since the epoch of t, the value the
// SQLite rendering of microsSince computes for a stored timestamp.
func sqliteMicros(t models.Timestamp) int64 { return t.Time.UnixMicro() }

// bucketOf is microsSince divided by a bucket width in microseconds: the
// 0-based bucket of col for buckets starting at origin. Integer division
// truncates, which is floor for the non-negative values the queries keep.
func bucketOf(col clause.Column, origin models.Timestamp, widthMicros int64) clause.Expression {
	return clause.Expr{SQL: "(? / ?)", Vars: []any{microsSince{col: col, origin: origin}, widthMicros}}
}

// intervalMillis is an interval expression (such as a RunEstimate) as whole
// milliseconds, floored at zero: Prefect's greatest(0, extract(epoch from
// …)), rounded to the millisecond so that both dialects give the same
// number (SQLite's interval arithmetic has millisecond precision). On
// SQLite a bare interval column may hold seconds as a number (the raw-SQL
// default, or rows written by other tools); the expression reads both.
type intervalMillis struct{ expr clause.Expression }

// Build writes the integer expression.
func (e intervalMillis) Build(b clause.Builder) {
	if isPostgresBuilder(b) {
		b.WriteString("GREATEST(0, CAST(round(EXTRACT(EPOCH FROM ")
		b.AddVar(b, e.expr)
		b.WriteString(") * 1000) AS BIGINT))")
		return
	}
	b.WriteString("max(0, CAST(round(CASE WHEN typeof(")
	b.AddVar(b, e.expr)
	b.WriteString(") IN ('integer', 'real') THEN ")
	b.AddVar(b, e.expr)
	b.WriteString(" * 1000.0 ELSE (julianday(")
	b.AddVar(b, e.expr)
	b.WriteString(") - " + sqliteEpochJulianDay + ") * 86400000.0 END) AS INTEGER))")
}

// stateTypeIn is "<col> IN ('A', 'B')" over validated state types, written
// as literals rather than parameters so that PostgreSQL's generic plans
// and SQLite's partial-index matching see the values. Duplicates are
// dropped; the order is the state types' declaration order, so the same
// set always renders the same SQL.
func stateTypeIn(field string, col clause.Column, types []models.StateType) (clause.Expression, error) {
	seen := map[models.StateType]bool{}
	for _, t := range types {
		if err := coltype.StateType.Validate(field, string(t)); err != nil {
			return nil, err
		}
		seen[t] = true
	}
	if len(seen) == 0 {
		return nil, fmt.Errorf("prefectorm: %s: empty list of state types", field)
	}
	var labels []string
	for _, l := range coltype.StateType.Labels {
		if seen[models.StateType(l)] {
			labels = append(labels, "'"+l+"'")
		}
	}
	return stateTypeList{col: col, labels: strings.Join(labels, ", ")}, nil
}

type stateTypeList struct {
	col    clause.Column
	labels string
}

// Build writes the IN list.
func (e stateTypeList) Build(b clause.Builder) {
	b.WriteQuoted(e.col)
	b.WriteString(" IN (" + e.labels + ")")
}

// groupByOrdinals is GROUP BY 1, …, n: the first n select-list expressions
// (the bucket expression is long and has bound parameters, so it is not
// repeated).
func groupByOrdinals(n int) clause.GroupBy {
	cols := make([]clause.Column, n)
	for i := range cols {
		cols[i] = clause.Column{Name: strconv.Itoa(i + 1), Raw: true}
	}
	return clause.GroupBy{Columns: cols}
}

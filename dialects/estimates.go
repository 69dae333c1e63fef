package dialects

import (
	"time"

	"gorm.io/gorm/clause"

	"github.com/prefectorm/prefectorm/models"
)

// RunEstimate is the SQL form of one of the run hybrid properties
// (models.Run.EstimatedRunTime, models.Run.EstimatedStartTimeDelta) over the
// columns of flow_run or task_run. It is a clause.Expression whose value is
// an interval: it scans into models.Interval and compares with a
// models.Interval argument on both dialects.
//
//	est := dialects.EstimatedRunTime("flow_run").At(now)
//	db.Model(&models.FlowRun{}).Select("id, ? AS estimated_run_time", est).Scan(&rows)
//	db.Where("? > ?", est, models.Interval(time.Minute)).Find(&runs)
//	db.Order(est.Desc()).Find(&runs)
//
// It is rendered inline rather than as Prefect's correlated scalar
// sub-select (the same value for a query over the run table). On SQLite the
// time arithmetic uses julian days and has millisecond precision: values
// agree with the Go methods exactly when the stored times are whole
// milliseconds.
type RunEstimate struct {
	kind  estimateKind
	table string
	now   any
}

type estimateKind int

const (
	estimatedRunTime estimateKind = iota
	estimatedStartTimeDelta
)

// EstimatedRunTime returns the SQL form of models.Run.EstimatedRunTime for the
// run table named table ("" for the statement's own table), at the
// database clock (Now) unless At gives a reference time: for a RUNNING run
// with a state timestamp, total_run_time plus the time since
// state_timestamp; otherwise total_run_time. Unlike Prefect's SQL form
// (NULL), a RUNNING run without a state timestamp gives total_run_time.
func EstimatedRunTime(table string) RunEstimate {
	return RunEstimate{kind: estimatedRunTime, table: table}
}

// EstimatedStartTimeDelta returns the SQL form of
// models.Run.EstimatedStartTimeDelta (Prefect's "lateness") for the run table
// named table ("" for the statement's own table), at the database clock
// unless At gives a reference time.
func EstimatedStartTimeDelta(table string) RunEstimate {
	return RunEstimate{kind: estimatedStartTimeDelta, table: table}
}

// At returns e evaluated at the reference time now (a bound parameter)
// instead of the database clock.
func (e RunEstimate) At(now time.Time) RunEstimate {
	e.now = models.NewTimestamp(now)
	return e
}

// Asc returns an ORDER BY clause on e ascending, then on id ascending.
func (e RunEstimate) Asc() clause.OrderBy { return e.orderBy("") }

// Desc returns an ORDER BY clause on e descending, then on id descending
// (the exact reverse of Asc; the value is never NULL).
func (e RunEstimate) Desc() clause.OrderBy { return e.orderBy(" DESC") }

func (e RunEstimate) orderBy(dir string) clause.OrderBy {
	return clause.OrderBy{Expression: clause.Expr{
		SQL:  "?" + dir + ", ?" + dir,
		Vars: []any{e, e.col("id")},
	}}
}

func (e RunEstimate) col(name string) clause.Column {
	table := e.table
	if table == "" {
		table = clause.CurrentTable
	}
	return clause.Column{Table: table, Name: name}
}

func (e RunEstimate) clock() any {
	if e.now == nil {
		return Now()
	}
	return e.now
}

// Build writes the CASE expression of the property.
func (e RunEstimate) Build(b clause.Builder) {
	if e.kind == estimatedRunTime {
		e.buildRunTime(b)
	} else {
		e.buildStartTimeDelta(b)
	}
}

func (e RunEstimate) buildRunTime(b clause.Builder) {
	b.WriteString("(CASE WHEN ")
	b.WriteQuoted(e.col("state_type"))
	b.WriteString(" = 'RUNNING' AND ")
	b.WriteQuoted(e.col("state_timestamp"))
	b.WriteString(" IS NOT NULL THEN ")
	b.AddVar(b, IntervalAdd(e.col("total_run_time"), DateDiff(e.clock(), e.col("state_timestamp"))))
	b.WriteString(" ELSE ")
	b.WriteQuoted(e.col("total_run_time"))
	b.WriteString(" END)")
}

func (e RunEstimate) buildStartTimeDelta(b clause.Builder) {
	start, expected := e.col("start_time"), e.col("expected_start_time")
	b.WriteString("(CASE WHEN ")
	b.WriteQuoted(start)
	b.WriteString(" > ")
	b.WriteQuoted(expected)
	b.WriteString(" THEN ")
	b.AddVar(b, DateDiff(start, expected))
	b.WriteString(" WHEN ")
	b.WriteQuoted(start)
	b.WriteString(" IS NULL AND ")
	b.WriteQuoted(e.col("state_type"))
	b.WriteString(" NOT IN ('COMPLETED', 'CANCELLED', 'FAILED', 'CRASHED') AND ")
	b.WriteQuoted(expected)
	b.WriteString(" < ")
	writeOperand(b, "EstimatedStartTimeDelta", e.clock(), timeOperand)
	b.WriteString(" THEN ")
	b.AddVar(b, DateDiff(e.clock(), expected))
	if isPostgresBuilder(b) {
		b.WriteString(" ELSE CAST('0' AS INTERVAL) END)")
	} else {
		b.WriteString(" ELSE '1970-01-01 00:00:00.000000' END)")
	}
}

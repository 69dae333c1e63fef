package dialects

import (
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/prefectorm/prefectorm/models"
)

// sqliteTimeFormat is the strftime format of Prefect's SQLite timestamps
// computed in SQL: millisecond precision padded to six digits.
const sqliteTimeFormat = "'%Y-%m-%d %H:%M:%f000'"

// sqliteEpochJulianDay is 1970-01-01 00:00:00 UTC in julian days, the origin
// of the epoch-relative interval text SQLite stores.
const sqliteEpochJulianDay = "2440587.5"

// isPostgresBuilder reports whether the statement being built targets
// PostgreSQL; any other builder gets the SQLite rendering, as the models do.
func isPostgresBuilder(b clause.Builder) bool {
	stmt, ok := b.(*gorm.Statement)
	return ok && stmt.Dialector != nil && stmt.Dialector.Name() == "postgres"
}

// operandKind tells writeOperand how to bind a Go value.
type operandKind int

const (
	timeOperand operandKind = iota
	intervalOperand
)

func (k operandKind) String() string {
	if k == intervalOperand {
		return "interval"
	}
	return "timestamp"
}

// normalizeOperand turns a Go value into something AddVar binds in the
// stored form of each dialect (models.Timestamp or models.Interval, whose
// GormValue chooses per dialect), and passes columns and expressions
// through. Plain strings are refused: a column must be a clause.Column, so
// that text is never mistaken for an identifier or spliced into SQL.
func normalizeOperand(fn string, v any, kind operandKind) (any, error) {
	switch x := v.(type) {
	case clause.Column, clause.Expression:
		return x, nil
	case time.Time:
		if kind == timeOperand {
			return models.NewTimestamp(x), nil
		}
	case models.Timestamp:
		if kind == timeOperand {
			return models.NewTimestamp(x.Time), nil
		}
	case *models.Timestamp:
		if kind == timeOperand {
			if x == nil {
				return nil, nil
			}
			return models.NewTimestamp(x.Time), nil
		}
	case time.Duration:
		if kind == intervalOperand {
			return models.Interval(x), nil
		}
	case models.Interval:
		if kind == intervalOperand {
			return x, nil
		}
	case *models.Interval:
		if kind == intervalOperand {
			if x == nil {
				return nil, nil
			}
			return *x, nil
		}
	case nil:
		return nil, nil
	}
	return nil, fmt.Errorf("prefectorm: %s: unsupported %s operand %T (%v); use a clause.Column, a clause.Expression or a Go %s",
		fn, kind, v, v, goTypeHint(kind))
}

func goTypeHint(k operandKind) string {
	if k == intervalOperand {
		return "time.Duration or models.Interval"
	}
	return "time.Time or models.Timestamp"
}

// writeOperand writes one operand: a column quoted, an expression built, a
// Go value as a bound parameter. Errors are added to the statement.
func writeOperand(b clause.Builder, fn string, v any, kind operandKind) {
	op, err := normalizeOperand(fn, v, kind)
	if err != nil {
		b.AddError(err)
		b.WriteString("NULL")
		return
	}
	if op == nil {
		b.WriteString("NULL")
		return
	}
	b.AddVar(b, op)
}

// writeSQLiteJulianDay writes the julian day of a timestamp or an
// epoch-relative interval on SQLite. An interval column may hold the integer
// 0 of its raw-SQL server default (seconds since the epoch), so a column
// operand of interval kind is read either way.
func writeSQLiteJulianDay(b clause.Builder, fn string, v any, kind operandKind) {
	if col, ok := v.(clause.Column); ok && kind == intervalOperand {
		b.WriteString("(CASE WHEN typeof(")
		b.WriteQuoted(col)
		b.WriteString(") IN ('integer','real') THEN julianday(")
		b.WriteQuoted(col)
		b.WriteString(", 'unixepoch') ELSE julianday(")
		b.WriteQuoted(col)
		b.WriteString(") END)")
		return
	}
	b.WriteString("julianday(")
	writeOperand(b, fn, v, kind)
	b.WriteByte(')')
}

// writePostgresCast writes CAST(operand AS typ).
func writePostgresCast(b clause.Builder, fn string, v any, kind operandKind) {
	b.WriteString("CAST(")
	writeOperand(b, fn, v, kind)
	if kind == intervalOperand {
		b.WriteString(" AS INTERVAL)")
	} else {
		b.WriteString(" AS TIMESTAMPTZ)")
	}
}

package models

import "fmt"

// ValueError reports a value a column type cannot read or store faithfully:
// text that is not in any form Prefect writes or accepts, a label that is
// not one of an enum's, a number out of range. Scan cannot know the column
// it reads, so Column starts empty; prefectorm's query callback (package
// hooks) fills it in as table.column when a GORM query fails on it.
type ValueError struct {
	// Column is table.column when known, else "".
	Column string
	// Type names the column type, e.g. "timestamp" or "state_type".
	Type string
	// Value is the stored text or value, quoted in the message.
	Value string
	// Reason says what is wrong with it.
	Reason string
}

// Error returns "prefectorm: <column>: invalid <type> <value>: <reason>".
func (e *ValueError) Error() string {
	where := ""
	if e.Column != "" {
		where = e.Column + ": "
	}
	return fmt.Sprintf("prefectorm: %sinvalid %s %s: %s", where, e.Type, e.Value, e.Reason)
}

// valueError returns a ValueError for a stored value; strings are quoted.
func valueError(typ string, v any, format string, args ...any) *ValueError {
	var text string
	switch x := v.(type) {
	case string:
		text = fmt.Sprintf("%q", x)
	case []byte:
		text = fmt.Sprintf("%q", x)
	default:
		text = fmt.Sprintf("%v (%T)", v, v)
	}
	return &ValueError{Type: typ, Value: text, Reason: fmt.Sprintf(format, args...)}
}

// recoverScan turns a panic inside a Scan or Value (a driver's or a
// parser's) into an error in *err, so a bad stored value can never unwind
// through database/sql while it holds the rows lock. Use it deferred:
//
//	defer recoverScan(&err, "interval", src)
func recoverScan(err *error, typ string, v any) {
	if r := recover(); r != nil {
		*err = valueError(typ, v, "converting it panicked: %v", r)
	}
}

// recoverValue is recoverScan for a Value method: the error quotes the Go
// type of *v ("[]string value"), worked out only when there is a panic.
// Use it deferred:
//
//	defer recoverValue(&err, "JSON", &j.V)
func recoverValue[T any](err *error, typ string, v *T) {
	if r := recover(); r != nil {
		*err = valueError(typ, fmt.Sprintf("%T value", *v), "converting it panicked: %v", r)
	}
}

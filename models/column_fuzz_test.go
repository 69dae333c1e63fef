package models

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prefectorm/prefectorm/internal/coltype"
)

// The fuzz targets below cover every column type's Scan and Value: Scan
// never panics (a panic inside a parser, such as pgx's interval parser on
// "::", is an error), and a value that Scan accepts is written by Value and
// read back equal. Their seed corpora are in testdata/fuzz/<FuzzName>.

// FuzzTimestampScan scans arbitrary text as SQLite (and raw SQL) hand it over.
func FuzzTimestampScan(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		var fromString, fromBytes Timestamp
		errString := fromString.Scan(s)
		errBytes := fromBytes.Scan([]byte(s))
		if (errString == nil) != (errBytes == nil) || fromString != fromBytes {
			t.Fatalf("%q: string and []byte disagree: %v %v / %v %v", s, fromString, errString, fromBytes, errBytes)
		}
		if errString != nil {
			requireValueError(t, errString)
			return
		}
		if y := fromString.UTC().Year(); y < 0 || y > 9999 {
			t.Fatalf("%q read as year %d", s, y)
		}
		v, err := fromString.Value()
		if err != nil {
			t.Fatalf("%q read as %v, which Value refuses: %v", s, fromString, err)
		}
		var back Timestamp
		if err := back.Scan(v); err != nil || back != fromString {
			t.Fatalf("%q read as %v, written as %v, read back as %v (%v)", s, fromString, v, back, err)
		}
	})
}

// FuzzTimestampValue writes arbitrary times: in years 0000-9999 they read
// back equal (to the microsecond, in UTC), outside them Value refuses.
func FuzzTimestampValue(f *testing.F) {
	f.Fuzz(func(t *testing.T, sec int64, nsec int64, offset int32) {
		zone := time.FixedZone("", int(offset%(18*3600)))
		ts := NewTimestamp(time.Unix(sec, nsec).In(zone))
		v, err := ts.Value()
		inRange := coltype.InTimeRange(ts.Time)
		if inRange != (err == nil) {
			t.Fatalf("%v: in range %v, Value error %v", ts.Time, inRange, err)
		}
		if err != nil {
			return
		}
		var back Timestamp
		if err := back.Scan(v); err != nil || !back.Equal(ts.Time) {
			t.Fatalf("%v written as %v read back as %v (%v)", ts.Time, v, back, err)
		}
		if err := back.Scan(ts.Time); err != nil || !back.Equal(ts.Time) {
			t.Fatalf("time %v read back as %v (%v)", ts.Time, back, err)
		}
	})
}

// FuzzIntervalScan scans arbitrary text as SQLite ([]byte) and PostgreSQL
// (string) hand it over; what reads is written in both dialects' forms and
// read back equal to the microsecond.
func FuzzIntervalScan(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		for _, src := range []any{s, []byte(s)} {
			var i Interval
			err := i.Scan(src)
			if err != nil {
				requireValueError(t, err)
				continue
			}
			want := time.Duration(i).Truncate(time.Microsecond)
			var sqlite, pg Interval
			if err := sqlite.Scan([]byte(i.sqliteText())); err != nil || time.Duration(sqlite) != want {
				t.Fatalf("%q read as %v, SQLite form %q read back as %v (%v)", s, time.Duration(i), i.sqliteText(), time.Duration(sqlite), err)
			}
			if out := postgresOutput(want); pg.Scan(out) != nil || time.Duration(pg) != want {
				t.Fatalf("%q read as %v, PostgreSQL output %q read back as %v", s, time.Duration(i), out, time.Duration(pg))
			}
		}
	})
}

// postgresOutput is PostgreSQL's text output of the interval Value writes
// ("N microseconds"): [-]hours:minutes:seconds[.fraction].
func postgresOutput(d time.Duration) string {
	sign := ""
	us := d.Microseconds()
	if us < 0 {
		sign, us = "-", -us
	}
	out := fmt.Sprintf("%s%02d:%02d:%02d", sign, us/3600e6, us/60e6%60, us/1e6%60)
	if frac := us % 1e6; frac != 0 {
		out += strings.TrimRight(fmt.Sprintf(".%06d", frac), "0")
	}
	return out
}

// FuzzIntervalNumber scans integer and float seconds (SQLite's numeric
// storage): out of time.Duration's range is an error, never a wrapped value.
func FuzzIntervalNumber(f *testing.F) {
	f.Add(math.NaN(), int64(0))
	f.Add(math.Inf(1), int64(math.MaxInt64))
	f.Add(math.Inf(-1), int64(math.MinInt64))
	f.Fuzz(func(t *testing.T, secs float64, isecs int64) {
		var i Interval
		if err := i.Scan(secs); err == nil {
			if want := secs * 1e9; math.Abs(float64(i)-want) > math.Max(1, math.Abs(want)*1e-15) {
				t.Fatalf("%v s read as %v", secs, time.Duration(i))
			}
		} else if !math.IsNaN(secs) && math.Abs(secs) < 9.2e9 {
			t.Fatalf("%v s refused: %v", secs, err)
		}
		if err := i.Scan(isecs); err == nil {
			if time.Duration(i)/time.Second != time.Duration(isecs) {
				t.Fatalf("%d s read as %v", isecs, time.Duration(i))
			}
		} else if isecs > -9e9 && isecs < 9e9 {
			t.Fatalf("%d s refused: %v", isecs, err)
		}
	})
}

// FuzzUUIDScan scans arbitrary text and bytes.
func FuzzUUIDScan(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		for _, src := range []any{s, []byte(s)} {
			var u UUID
			if err := u.Scan(src); err != nil {
				requireValueError(t, err)
				continue
			}
			v, err := u.Value()
			var back UUID
			if err != nil || back.Scan(v) != nil || back != u {
				t.Fatalf("%q read as %v, written as %v, read back as %v", s, u, v, back)
			}
		}
	})
}

// enumColumnTypes pairs a zero value of every enum column type with its
// coltype.Enum.
var enumColumnTypes = []struct {
	zero any
	enum coltype.Enum
}{
	{DeploymentStatus(""), coltype.DeploymentStatus},
	{StateType(""), coltype.StateType},
	{WorkPoolStatus(""), coltype.WorkPoolStatus},
	{WorkQueueStatus(""), coltype.WorkQueueStatus},
	{WorkerStatus(""), coltype.WorkerStatus},
}

// TestEnumColumnTypesRegistered checks that every enum of coltype.Enums has
// a column type registered with it, which the hooks look enums up by.
func TestEnumColumnTypesRegistered(t *testing.T) {
	if len(enumColumnTypes) != len(coltype.Enums()) {
		t.Fatalf("%d enum column types, %d enums", len(enumColumnTypes), len(coltype.Enums()))
	}
	for i, c := range enumColumnTypes {
		got, ok := coltype.EnumOf(reflect.TypeOf(c.zero))
		if !ok || got.Type != c.enum.Type || got.Type != coltype.Enums()[i].Type {
			t.Errorf("%T: registered %v (%v), want %s", c.zero, got.Type, ok, c.enum.Type)
		}
	}
}

// FuzzEnumScan scans arbitrary labels into every enum type: exactly the
// declared labels read, and they round-trip.
func FuzzEnumScan(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		for _, c := range enumColumnTypes {
			p := reflect.New(reflect.TypeOf(c.zero))
			scanner := p.Interface().(interface{ Scan(any) error })
			err := scanner.Scan(s)
			valid := slices.Contains(c.enum.Labels, s)
			if valid != (err == nil) {
				t.Fatalf("%s %q: valid %v, Scan error %v", c.enum.Type, s, valid, err)
			}
			if err != nil {
				requireValueError(t, err)
				continue
			}
			got := p.Elem().Interface().(fmt.Stringer)
			v, err := p.Elem().Interface().(driver.Valuer).Value()
			if got.String() != s || err != nil || v != s {
				t.Fatalf("%s %q read as %q, written as %v (%v)", c.enum.Type, s, got, v, err)
			}
		}
	})
}

// FuzzJSONScan scans arbitrary text into the JSON column types: a document
// that reads is written and read back equal; anything else is an error.
func FuzzJSONScan(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		roundTripJSON[map[string]any](t, s)
		roundTripJSON[[]string](t, s)
		roundTripJSON[FlowRunPolicy](t, s)
		roundTripJSON[TaskRunPolicy](t, s)
		roundTripJSON[*CreatedBy](t, s)
		var plain PlainJSON[any]
		if err := plain.Scan(s); err == nil {
			v, err := plain.Value()
			if err != nil {
				t.Fatalf("%q read as %#v, which Value refuses: %v", s, plain.V, err)
			}
			var back PlainJSON[any]
			if err := back.Scan(v); err != nil || !reflect.DeepEqual(back.V, plain.V) {
				t.Fatalf("%q read as %#v, written as %v, read back as %#v (%v)", s, plain.V, v, back.V, err)
			}
		} else {
			requireValueError(t, err)
		}
	})
}

func roundTripJSON[T any](t *testing.T, s string) {
	t.Helper()
	var col JSON[T]
	if err := col.Scan([]byte(s)); err != nil {
		requireValueError(t, err)
		var zero T
		if !reflect.DeepEqual(col.V, zero) {
			t.Fatalf("%q: Scan failed but left %#v", s, col.V)
		}
		return
	}
	v, err := col.Value()
	if err != nil {
		t.Fatalf("%q read as %#v, which Value refuses: %v", s, col.V, err)
	}
	// Equal means written the same: a nil and an empty list are one value.
	var back JSON[T]
	err = back.Scan(v)
	again, _ := back.Value()
	if err != nil || !reflect.DeepEqual(again, v) {
		t.Fatalf("%T: %q read as %#v, written as %v, read back as %#v, written as %v (%v)", col.V, s, col.V, v, back.V, again, err)
	}
}

// FuzzSecondsJSON decodes float seconds: out of time.Duration's range is an
// error; what decodes marshals and decodes back within float precision.
func FuzzSecondsJSON(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		var sec Seconds
		if err := sec.UnmarshalJSON([]byte(s)); err != nil {
			return
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			if err := json.Unmarshal([]byte(s), &f); err != nil {
				t.Fatalf("%q decoded as %v but is not a number", s, time.Duration(sec))
			}
		}
		if want := f * 1e9; math.Abs(float64(sec)-want) > math.Max(1, math.Abs(want)*1e-15) {
			t.Fatalf("%q decoded as %v", s, time.Duration(sec))
		}
		b, err := sec.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		var back Seconds
		if err := back.UnmarshalJSON(b); err != nil {
			t.Fatalf("%v marshalled as %s, which does not decode: %v", time.Duration(sec), b, err)
		}
		if d := math.Abs(float64(back) - float64(sec)); d > math.Max(1, math.Abs(float64(sec))*1e-15) {
			t.Fatalf("%v marshalled as %s decoded as %v", time.Duration(sec), b, time.Duration(back))
		}
	})
}

// FuzzISOTimeJSON decodes ISO-8601 JSON strings; what decodes marshals and
// decodes back to the same instant.
func FuzzISOTimeJSON(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		var it ISOTime
		if err := it.UnmarshalJSON([]byte(s)); err != nil {
			return
		}
		it = NewISOTime(it.Time)
		b, err := it.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		var back ISOTime
		if err := back.UnmarshalJSON(b); err != nil || !back.Equal(it.Time) {
			t.Fatalf("%s decoded as %v, marshalled as %s, decoded back as %v (%v)", s, it.Time, b, back.Time, err)
		}
	})
}

// requireValueError fails unless err is a *ValueError.
func requireValueError(t *testing.T, err error) {
	t.Helper()
	if _, ok := err.(*ValueError); !ok {
		t.Fatalf("want a *ValueError, got %T: %v", err, err)
	}
}

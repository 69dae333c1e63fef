package models

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// ISOTime is a time inside a typed JSON column. It marshals as Pydantic
// does: ISO-8601 with the value's own offset ("Z" for UTC) and a fractional
// part of six digits only when it is non-zero, e.g. 2024-01-01T00:00:00Z or
// 2024-01-01T10:30:00.250000-05:00.
type ISOTime struct {
	time.Time
}

// NewISOTime returns t truncated to microseconds.
func NewISOTime(t time.Time) ISOTime { return ISOTime{Time: t.Truncate(time.Microsecond)} }

// MarshalJSON renders the time as Pydantic's JSON mode does.
func (t ISOTime) MarshalJSON() ([]byte, error) {
	layout := "2006-01-02T15:04:05"
	if t.Nanosecond()/1000 != 0 {
		layout += ".000000"
	}
	s := t.Format(layout)
	_, offset := t.Zone()
	if offset == 0 {
		s += "Z"
	} else {
		s += t.Format("-07:00")
	}
	return []byte(`"` + s + `"`), nil
}

// UnmarshalJSON parses an ISO-8601 JSON string in the forms Timestamp.Scan
// accepts; text without an offset is UTC. Anything else is an error.
func (t *ISOTime) UnmarshalJSON(b []byte) error {
	var s string
	if err := decodeJSON(b, &s); err != nil {
		return fmt.Errorf("prefectorm: invalid ISO-8601 time %s: not a JSON string", b)
	}
	parsed, err := parseTimeText(s)
	if err != nil {
		return fmt.Errorf("prefectorm: invalid ISO-8601 time %q: %s", s, err.(*ValueError).Reason)
	}
	*t = ISOTime{Time: parsed}
	return nil
}

// Seconds is a duration inside a typed JSON column, serialised as float
// seconds (Pydantic's ser_json_timedelta="float").
type Seconds time.Duration

// MarshalJSON renders the duration as float seconds, like Python's repr.
func (s Seconds) MarshalJSON() ([]byte, error) {
	return Float(time.Duration(s).Seconds()).MarshalJSON()
}

// UnmarshalJSON reads float seconds (a JSON number). NaN, ±Inf and values
// beyond time.Duration's ±292 years are an error, never a wrapped duration.
func (s *Seconds) UnmarshalJSON(b []byte) error {
	var n json.Number
	if t := bytes.TrimSpace(b); len(t) == 0 || t[0] == '"' || decodeJSON(b, &n) != nil {
		return fmt.Errorf("prefectorm: invalid seconds %s: not a JSON number", b)
	}
	f, err := strconv.ParseFloat(string(n), 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return fmt.Errorf("prefectorm: invalid seconds %s: %w", b, err)
	}
	d, ok := durationOfSeconds(f)
	if err != nil || !ok {
		return fmt.Errorf("prefectorm: invalid seconds %s: beyond ±292 years, the range of a Go time.Duration", b)
	}
	*s = Seconds(d)
	return nil
}

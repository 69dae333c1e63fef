package models

import (
	"fmt"
	"strings"
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

// UnmarshalJSON parses ISO-8601 text; text without an offset is UTC.
func (t *ISOTime) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04:05.999999999"} {
		if parsed, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			*t = ISOTime{Time: parsed}
			return nil
		}
	}
	return fmt.Errorf("prefectorm: invalid ISO-8601 time %q", s)
}

// Seconds is a duration inside a typed JSON column, serialised as float
// seconds (Pydantic's ser_json_timedelta="float").
type Seconds time.Duration

// MarshalJSON renders the duration as float seconds, like Python's repr.
func (s Seconds) MarshalJSON() ([]byte, error) {
	return Float(time.Duration(s).Seconds()).MarshalJSON()
}

// UnmarshalJSON reads float seconds.
func (s *Seconds) UnmarshalJSON(b []byte) error {
	var f float64
	if _, err := fmt.Sscan(string(b), &f); err != nil {
		return fmt.Errorf("prefectorm: invalid seconds %s: %w", b, err)
	}
	*s = Seconds(time.Duration(f * float64(time.Second)))
	return nil
}

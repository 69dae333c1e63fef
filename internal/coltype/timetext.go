package coltype

import (
	"errors"
	"strings"
	"time"
)

// SQLiteTimeLayout is the text layout Prefect stores timestamps in on
// SQLite: UTC, a space separator, always six fractional digits and no
// offset.
const SQLiteTimeLayout = "2006-01-02 15:04:05.000000"

// SQLiteTime returns t in SQLiteTimeLayout, in UTC.
func SQLiteTime(t time.Time) string { return t.UTC().Format(SQLiteTimeLayout) }

// MinTime and MaxTime bound the times prefectorm stores: years 0000 to
// 9999 in UTC (MaxTime excluded), the range of four-digit years in SQLite's
// text and near enough Python's datetime (which starts at year 1).
var (
	MinTime = time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC)
	MaxTime = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
)

// InTimeRange reports whether t is in years 0000 to 9999 in UTC.
func InTimeRange(t time.Time) bool { return !t.Before(MinTime) && t.Before(MaxTime) }

// The accepted text forms: a date, optionally a T or space and a time of
// hours and minutes with optional seconds and fraction, optionally an offset
// (Z, ±hh:mm, ±hhmm or ±hh). They cover the form Prefect writes
// (SQLiteTimeLayout) and the ISO-8601 forms Python's datetime.fromisoformat
// accepts (Go's parser also takes a one-digit hour and a comma before the
// fraction).
var (
	timeTextDates   = []string{"2006-01-02"}
	timeTextClocks  = []string{"15:04:05", "15:04"}
	timeTextOffsets = []string{"", "Z07:00", "-0700", "-07"}
	// timeTextLayouts holds every combination, the form Prefect writes
	// first: a text matches at most one layout, so the order only decides
	// how many layouts the common case tries (one).
	timeTextLayouts = func() []string {
		var layouts []string
		for _, sep := range []string{" ", "T"} {
			for _, clock := range timeTextClocks {
				for _, offset := range timeTextOffsets {
					layouts = append(layouts, timeTextDates[0]+sep+clock+offset)
				}
			}
		}
		return append(layouts, timeTextDates...)
	}()
)

// ParseTimeText parses timestamp text as SQLite may hold it:
// SQLiteTimeLayout or ISO-8601 with a T or space separator, with or without
// seconds, fraction (up to nine digits) and offset (Z, +00:00, +0000, +00).
// Text without an offset is UTC. For any other text, an impossible date
// such as 2024-02-30, or a year outside 0000 to 9999 the error's text is
// the reason alone (package models quotes the value around it).
func ParseTimeText(s string) (time.Time, error) {
	reason := "not a date and time Prefect writes or accepts"
	for _, layout := range timeTextLayouts {
		parsed, err := time.ParseInLocation(layout, s, time.UTC)
		if err == nil {
			if !InTimeRange(parsed) {
				return time.Time{}, errors.New("outside years 0000 to 9999")
			}
			return parsed, nil
		}
		// A layout that matched the shape but not the calendar says why.
		var pe *time.ParseError
		if errors.As(err, &pe) && strings.HasSuffix(pe.Message, "out of range") {
			reason = strings.TrimPrefix(pe.Message, ": ")
		}
	}
	return time.Time{}, errors.New(reason)
}

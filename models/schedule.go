package models

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Schedule is Prefect's SCHEDULE_TYPES union (IntervalSchedule |
// CronSchedule | RRuleSchedule), the typed JSON of
// deployment_schedule.schedule. It holds exactly one variant; the zero
// Schedule holds none and cannot be marshalled (the column is NOT NULL and
// Prefect requires a schedule).
//
// No discriminator is stored: a schedule is written as the keys of its
// variant only, in Prefect's order, and read back by recognising which of
// interval, cron or rrule is present. Like Prefect's schedule models (all
// extra="forbid"), reading rejects unknown keys and documents that match no
// variant or more than one.
type Schedule struct {
	variant ScheduleVariant
}

// ScheduleVariant is implemented by IntervalSchedule, CronSchedule and
// RRuleSchedule (and pointers to them), the variants a Schedule can hold.
type ScheduleVariant interface {
	// scheduleKey returns the JSON key that identifies the variant.
	scheduleKey() string
}

// NewSchedule returns a Schedule holding v. A pointer variant is copied; a
// nil v or nil pointer gives the zero (empty) Schedule.
func NewSchedule(v ScheduleVariant) Schedule {
	switch x := v.(type) {
	case *IntervalSchedule:
		if x == nil {
			return Schedule{}
		}
		return Schedule{variant: *x}
	case *CronSchedule:
		if x == nil {
			return Schedule{}
		}
		return Schedule{variant: *x}
	case *RRuleSchedule:
		if x == nil {
			return Schedule{}
		}
		return Schedule{variant: *x}
	}
	return Schedule{variant: v}
}

// Variant returns the held IntervalSchedule, CronSchedule or RRuleSchedule
// (as a value), or nil for the zero Schedule.
func (s Schedule) Variant() ScheduleVariant { return s.variant }

// IsZero reports whether s holds no variant.
func (s Schedule) IsZero() bool { return s.variant == nil }

// Kind returns "interval", "cron" or "rrule" (the identifying key of the
// held variant), or "" for the zero Schedule.
func (s Schedule) Kind() string {
	if s.variant == nil {
		return ""
	}
	return s.variant.scheduleKey()
}

// Interval returns the held IntervalSchedule, if that is the variant.
func (s Schedule) Interval() (IntervalSchedule, bool) {
	v, ok := s.variant.(IntervalSchedule)
	return v, ok
}

// Cron returns the held CronSchedule, if that is the variant.
func (s Schedule) Cron() (CronSchedule, bool) {
	v, ok := s.variant.(CronSchedule)
	return v, ok
}

// RRule returns the held RRuleSchedule, if that is the variant.
func (s Schedule) RRule() (RRuleSchedule, bool) {
	v, ok := s.variant.(RRuleSchedule)
	return v, ok
}

// MarshalJSON validates s and writes the held variant's keys only.
func (s Schedule) MarshalJSON() ([]byte, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return json.Marshal(s.variant)
}

// UnmarshalJSON recognises the variant by its key (interval, cron or rrule)
// and decodes it strictly (unknown keys are an error, as in Prefect).
func (s *Schedule) UnmarshalJSON(b []byte) error {
	var keys map[string]json.RawMessage
	if err := decodeJSON(b, &keys); err != nil {
		return fmt.Errorf("prefectorm: schedule: %w", err)
	}
	if keys == nil {
		return errors.New("prefectorm: schedule: null is not a schedule")
	}
	var found []string
	for _, k := range []string{"interval", "cron", "rrule"} {
		if _, ok := keys[k]; ok {
			found = append(found, k)
		}
	}
	if len(found) != 1 {
		return fmt.Errorf("prefectorm: schedule: want exactly one of the keys interval, cron, rrule; got %s", b)
	}
	var (
		v   ScheduleVariant
		err error
	)
	switch found[0] {
	case "interval":
		var x IntervalSchedule
		err = decodeStrict(b, &x)
		v = x
	case "cron":
		var x CronSchedule
		err = decodeStrict(b, &x)
		v = x
	case "rrule":
		var x RRuleSchedule
		err = decodeStrict(b, &x)
		v = x
	}
	if err != nil {
		return fmt.Errorf("prefectorm: %s schedule: %w", found[0], err)
	}
	s.variant = v
	return nil
}

// decodeStrict decodes b into dst, rejecting unknown keys.
func decodeStrict(b []byte, dst any) error { return decodeJSONStrict(b, dst) }

// IntervalSchedule fires every Interval, counted from AnchorDate
// (prefect.server.schemas.schedules.IntervalSchedule). Written as
// {"interval": <float seconds>, "anchor_date": <ISO-8601>, "timezone": <tz>}.
type IntervalSchedule struct {
	// Interval must be positive; it is stored as float seconds.
	Interval Seconds `json:"interval"`
	// AnchorDate defaults in Prefect to the current UTC time at validation;
	// NewIntervalSchedule does the same. A zero AnchorDate is written as is
	// (0001-01-01T00:00:00Z).
	AnchorDate ISOTime `json:"anchor_date"`
	// Timezone is an IANA name. Nil means what Prefect's validator infers:
	// the anchor date's IANA zone name (a time.Location loaded by name), else
	// "UTC"; see EffectiveTimezone. Prefect never writes null here.
	Timezone *string `json:"timezone"`
}

// NewIntervalSchedule returns an IntervalSchedule anchored at the current
// UTC time, as Prefect's default anchor_date is, with timezone "UTC".
func NewIntervalSchedule(interval time.Duration) IntervalSchedule {
	tz := "UTC"
	return IntervalSchedule{
		Interval:   Seconds(interval),
		AnchorDate: NewISOTime(time.Now().UTC()),
		Timezone:   &tz,
	}
}

func (IntervalSchedule) scheduleKey() string { return "interval" }

// EffectiveTimezone returns Timezone, or when it is nil the zone Prefect
// infers from the anchor date: its location's IANA name, or "UTC" for UTC,
// Local and fixed UTC offsets (as parsed from "-05:00").
func (s IntervalSchedule) EffectiveTimezone() string {
	if s.Timezone != nil {
		return *s.Timezone
	}
	loc := s.AnchorDate.Location()
	if loc == nil || loc == time.UTC || loc == time.Local {
		return "UTC"
	}
	name := loc.String()
	if _, err := time.LoadLocation(name); name == "" || err != nil {
		return "UTC"
	}
	return name
}

// MarshalJSON writes interval, anchor_date and timezone, in Prefect's order.
func (s IntervalSchedule) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Interval   Seconds `json:"interval"`
		AnchorDate ISOTime `json:"anchor_date"`
		Timezone   string  `json:"timezone"`
	}{s.Interval, s.AnchorDate, s.EffectiveTimezone()})
}

// CronSchedule fires on a cron expression
// (prefect.server.schemas.schedules.CronSchedule). Written as
// {"cron": ..., "timezone": <tz or null>, "day_or": <bool>}.
type CronSchedule struct {
	// Cron is a five-field cron expression (croniter's syntax, which Prefect
	// validates with).
	Cron string `json:"cron"`
	// Timezone is an IANA name; nil is written as null (Prefect keeps it null).
	Timezone *string `json:"timezone"`
	// DayOr tells croniter to OR (true) or AND (false) the day-of-month and
	// day-of-week fields. Nil means Prefect's default, true.
	DayOr *bool `json:"day_or"`
}

func (CronSchedule) scheduleKey() string { return "cron" }

// EffectiveDayOr returns DayOr, or true (Prefect's default) when it is nil.
func (s CronSchedule) EffectiveDayOr() bool { return s.DayOr == nil || *s.DayOr }

// MarshalJSON writes cron, timezone and day_or, in Prefect's order.
func (s CronSchedule) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Cron     string  `json:"cron"`
		Timezone *string `json:"timezone"`
		DayOr    bool    `json:"day_or"`
	}{s.Cron, s.Timezone, s.EffectiveDayOr()})
}

// RRuleSchedule fires on an iCalendar RRULE
// (prefect.server.schemas.schedules.RRuleSchedule). Written as
// {"rrule": ..., "timezone": <tz>}.
type RRuleSchedule struct {
	// RRule is an RFC 5545 recurrence rule, at most 6500 characters.
	RRule string `json:"rrule"`
	// Timezone is an IANA name. Nil means Prefect's default, "UTC" (its
	// validator also turns null into "UTC").
	Timezone *string `json:"timezone"`
}

func (RRuleSchedule) scheduleKey() string { return "rrule" }

// EffectiveTimezone returns Timezone, or "UTC" when it is nil.
func (s RRuleSchedule) EffectiveTimezone() string {
	if s.Timezone == nil {
		return "UTC"
	}
	return *s.Timezone
}

// MarshalJSON writes rrule and timezone, in Prefect's order.
func (s RRuleSchedule) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		RRule    string `json:"rrule"`
		Timezone string `json:"timezone"`
	}{s.RRule, s.EffectiveTimezone()})
}

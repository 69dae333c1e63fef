package models

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // America/New_York without a system tz database
)

func scheduleTestStr(s string) *string { return &s }
func scheduleTestBool(b bool) *bool    { return &b }

func TestScheduleVariantsMarshal(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	anchor := NewISOTime(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"interval zero", IntervalSchedule{},
			`{"interval": 0.0, "anchor_date": "0001-01-01T00:00:00Z", "timezone": "UTC"}`},
		{"interval", IntervalSchedule{Interval: Seconds(time.Hour), AnchorDate: anchor, Timezone: scheduleTestStr("America/Chicago")},
			`{"interval": 3600.0, "anchor_date": "2024-01-01T00:00:00Z", "timezone": "America/Chicago"}`},
		{"interval fractional, inferred UTC", IntervalSchedule{Interval: Seconds(90500 * time.Millisecond), AnchorDate: NewISOTime(time.Date(2024, 1, 1, 0, 0, 0, 250000000, time.UTC))},
			`{"interval": 90.5, "anchor_date": "2024-01-01T00:00:00.250000Z", "timezone": "UTC"}`},
		{"interval timezone inferred from anchor zone", IntervalSchedule{Interval: Seconds(24 * time.Hour), AnchorDate: NewISOTime(time.Date(2024, 1, 1, 9, 0, 0, 0, ny))},
			`{"interval": 86400.0, "anchor_date": "2024-01-01T09:00:00-05:00", "timezone": "America/New_York"}`},
		{"interval timezone from fixed offset is UTC", IntervalSchedule{Interval: Seconds(time.Minute), AnchorDate: NewISOTime(time.Date(2024, 1, 1, 9, 0, 0, 0, time.FixedZone("", -4*3600)))},
			`{"interval": 60.0, "anchor_date": "2024-01-01T09:00:00-04:00", "timezone": "UTC"}`},
		{"cron zero", CronSchedule{},
			`{"cron": "", "timezone": null, "day_or": true}`},
		{"cron", CronSchedule{Cron: "0 9 * * 1-5", Timezone: scheduleTestStr("Europe/Paris"), DayOr: scheduleTestBool(false)},
			`{"cron": "0 9 * * 1-5", "timezone": "Europe/Paris", "day_or": false}`},
		{"rrule zero", RRuleSchedule{},
			`{"rrule": "", "timezone": "UTC"}`},
		{"rrule", RRuleSchedule{RRule: "FREQ=DAILY;INTERVAL=1", Timezone: scheduleTestStr("Asia/Tokyo")},
			`{"rrule": "FREQ=DAILY;INTERVAL=1", "timezone": "Asia/Tokyo"}`},
		{"schedule interval", NewSchedule(IntervalSchedule{Interval: Seconds(time.Hour), AnchorDate: anchor, Timezone: scheduleTestStr("UTC")}),
			`{"interval": 3600.0, "anchor_date": "2024-01-01T00:00:00Z", "timezone": "UTC"}`},
		{"schedule cron pointer", NewSchedule(&CronSchedule{Cron: "* * * * *"}),
			`{"cron": "* * * * *", "timezone": null, "day_or": true}`},
		{"schedule rrule", NewSchedule(RRuleSchedule{RRule: "FREQ=HOURLY"}),
			`{"rrule": "FREQ=HOURLY", "timezone": "UTC"}`},
		{"cron non-ASCII timezone escaped", CronSchedule{Cron: "0 0 * * *", Timezone: scheduleTestStr("é")},
			`{"cron": "0 0 * * *", "timezone": "\u00e9", "day_or": true}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := marshalPythonJSON(tt.v)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestScheduleMarshalInvalid(t *testing.T) {
	tests := []struct {
		name string
		s    Schedule
		want string
	}{
		{"zero", Schedule{}, "empty schedule"},
		{"nil pointer", NewSchedule((*IntervalSchedule)(nil)), "empty schedule"},
		{"zero interval", NewSchedule(IntervalSchedule{}), "must be positive"},
		{"negative interval", NewSchedule(IntervalSchedule{Interval: Seconds(-time.Second)}), "must be positive"},
		{"empty cron", NewSchedule(CronSchedule{}), "empty cron"},
		{"empty rrule", NewSchedule(RRuleSchedule{}), "empty rrule"},
		{"unknown timezone", NewSchedule(CronSchedule{Cron: "0 0 * * *", Timezone: scheduleTestStr("é")}), "Invalid timezone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := marshalPythonJSON(tt.s)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got error %v, want one containing %q", err, tt.want)
			}
			if _, err := NewJSON(tt.s).Value(); err == nil {
				t.Fatal("JSON[Schedule].Value accepted an invalid schedule")
			}
		})
	}
}

func TestScheduleUnmarshal(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		check func(t *testing.T, s Schedule)
		// out is the re-marshalled text.
		out string
	}{
		{
			name: "interval as Prefect writes it",
			in:   `{"interval": 3600.0, "anchor_date": "2024-01-01T00:00:00Z", "timezone": "UTC"}`,
			check: func(t *testing.T, s Schedule) {
				v, ok := s.Interval()
				if !ok || s.Kind() != "interval" || time.Duration(v.Interval) != time.Hour || v.Timezone == nil || *v.Timezone != "UTC" ||
					!v.AnchorDate.Equal(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)) {
					t.Fatalf("got %+v", s.Variant())
				}
			},
			out: `{"interval": 3600.0, "anchor_date": "2024-01-01T00:00:00Z", "timezone": "UTC"}`,
		},
		{
			name: "interval with offset anchor, integer seconds, no timezone",
			in:   `{"interval": 300, "anchor_date": "2024-06-01T08:30:00.5-04:00"}`,
			check: func(t *testing.T, s Schedule) {
				v, ok := s.Interval()
				if !ok || time.Duration(v.Interval) != 5*time.Minute || v.Timezone != nil {
					t.Fatalf("got %+v", s.Variant())
				}
			},
			out: `{"interval": 300.0, "anchor_date": "2024-06-01T08:30:00.500000-04:00", "timezone": "UTC"}`,
		},
		{
			name: "cron full",
			in:   `{"cron": "0 0 * * *", "timezone": "America/New_York", "day_or": false}`,
			check: func(t *testing.T, s Schedule) {
				v, ok := s.Cron()
				if !ok || v.Cron != "0 0 * * *" || v.EffectiveDayOr() || *v.Timezone != "America/New_York" {
					t.Fatalf("got %+v", s.Variant())
				}
			},
			out: `{"cron": "0 0 * * *", "timezone": "America/New_York", "day_or": false}`,
		},
		{
			name: "cron without optional keys",
			in:   `{"cron": "*/5 * * * *"}`,
			check: func(t *testing.T, s Schedule) {
				v, ok := s.Cron()
				if !ok || v.Timezone != nil || v.DayOr != nil || !v.EffectiveDayOr() {
					t.Fatalf("got %+v", s.Variant())
				}
			},
			out: `{"cron": "*/5 * * * *", "timezone": null, "day_or": true}`,
		},
		{
			name: "rrule with null timezone",
			in:   `{"rrule": "FREQ=WEEKLY;BYDAY=MO", "timezone": null}`,
			check: func(t *testing.T, s Schedule) {
				v, ok := s.RRule()
				if !ok || v.RRule != "FREQ=WEEKLY;BYDAY=MO" || v.EffectiveTimezone() != "UTC" {
					t.Fatalf("got %+v", s.Variant())
				}
			},
			out: `{"rrule": "FREQ=WEEKLY;BYDAY=MO", "timezone": "UTC"}`,
		},
		{
			name: "rrule without timezone",
			in:   `{"rrule": "FREQ=DAILY"}`,
			check: func(t *testing.T, s Schedule) {
				if _, ok := s.RRule(); !ok {
					t.Fatalf("got %+v", s.Variant())
				}
			},
			out: `{"rrule": "FREQ=DAILY", "timezone": "UTC"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s Schedule
			if err := json.Unmarshal([]byte(tt.in), &s); err != nil {
				t.Fatal(err)
			}
			tt.check(t, s)
			got, err := marshalPythonJSON(s)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.out {
				t.Errorf("re-marshalled\ngot  %s\nwant %s", got, tt.out)
			}
			// The same text read through the column type.
			var col JSON[Schedule]
			if err := col.Scan(tt.in); err != nil {
				t.Fatal(err)
			}
			if col.V.Kind() != s.Kind() {
				t.Errorf("Scan gave %q, want %q", col.V.Kind(), s.Kind())
			}
		})
	}
}

func TestScheduleUnmarshalRejects(t *testing.T) {
	for _, in := range []string{
		`{}`,
		`null`,
		`[]`,
		`{"timezone": "UTC"}`,
		`{"interval": 60, "cron": "* * * * *"}`,
		`{"cron": "* * * * *", "extra": 1}`,
		`{"rrule": "FREQ=DAILY", "anchor_date": "2024-01-01T00:00:00Z"}`,
		`{"interval": "soon"}`,
	} {
		var s Schedule
		if err := json.Unmarshal([]byte(in), &s); err == nil {
			t.Errorf("%s: accepted as %+v", in, s.Variant())
		}
	}
}

func TestNewIntervalSchedule(t *testing.T) {
	before := time.Now().Add(-time.Second)
	v := NewIntervalSchedule(time.Hour)
	if v.AnchorDate.Before(before) || v.AnchorDate.Location() != time.UTC || v.EffectiveTimezone() != "UTC" {
		t.Fatalf("got %+v", v)
	}
	if err := NewSchedule(v).Validate(); err != nil {
		t.Fatal(err)
	}
}

package models_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/models"
)

// setRaw stores text in table.column of row id with raw SQL, bypassing the
// column types (as another writer, or a hand edit, would).
func setRaw(t *testing.T, db dbtest.DB, table, column string, id models.UUID, v any) error {
	t.Helper()
	return db.Exec("UPDATE "+table+" SET "+column+" = ? WHERE id = ?", v, id).Error
}

// wantValueError requires err to be a *models.ValueError for column that
// quotes the stored value.
func wantValueError(t *testing.T, err error, column, stored string) {
	t.Helper()
	var ve *models.ValueError
	if !errors.As(err, &ve) {
		t.Fatalf("want a *models.ValueError for %s, got %v", column, err)
	}
	if ve.Column != column {
		t.Errorf("error names column %q, want %q (%v)", ve.Column, column, err)
	}
	if !strings.Contains(err.Error(), stored) && !strings.Contains(err.Error(), strconv.Quote(stored)) {
		t.Errorf("error %q does not quote the stored value %s", err, stored)
	}
}

func readFlowRun(db dbtest.DB, id models.UUID) (models.FlowRun, error) {
	var run models.FlowRun
	err := db.First(&run, "id = ?", id).Error
	return run, err
}

// TestTimestampStoredForms: every timestamp form Prefect writes or accepts
// reads back as the instant it names, on both dialects.
func TestTimestampStoredForms(t *testing.T) {
	utc := func(y int, mo time.Month, d, h, mi, s, us int) time.Time {
		return time.Date(y, mo, d, h, mi, s, us*1000, time.UTC)
	}
	cases := []struct {
		text       string
		want       time.Time
		sqliteOnly bool
	}{
		{"2024-01-02 03:04:05.123456", utc(2024, 1, 2, 3, 4, 5, 123456), false},
		{"2024-01-02 03:04:05", utc(2024, 1, 2, 3, 4, 5, 0), false},
		{"2024-01-02 03:04:05.5", utc(2024, 1, 2, 3, 4, 5, 500000), false},
		{"2024-01-02T03:04:05", utc(2024, 1, 2, 3, 4, 5, 0), false},
		{"2024-01-02T03:04:05.123456", utc(2024, 1, 2, 3, 4, 5, 123456), false},
		{"2024-01-02T03:04:05Z", utc(2024, 1, 2, 3, 4, 5, 0), false},
		{"2024-01-02T03:04:05.25Z", utc(2024, 1, 2, 3, 4, 5, 250000), false},
		{"2024-01-02 03:04:05+00:00", utc(2024, 1, 2, 3, 4, 5, 0), false},
		{"2024-01-02 03:04:05+0000", utc(2024, 1, 2, 3, 4, 5, 0), false},
		{"2024-01-02 03:04:05.000001+00", utc(2024, 1, 2, 3, 4, 5, 1), false},
		{"2024-01-02T05:04:05+02:00", utc(2024, 1, 2, 3, 4, 5, 0), false},
		{"2024-01-02T03:04:05.123456-0130", utc(2024, 1, 2, 4, 34, 5, 123456), false},
		{"2024-01-02 03:04", utc(2024, 1, 2, 3, 4, 0, 0), false},
		{"2024-01-02", utc(2024, 1, 2, 0, 0, 0, 0), false},
		{"0001-01-01 00:00:00.000000", utc(1, 1, 1, 0, 0, 0, 0), false},
		{"9999-12-31 23:59:59.999999", utc(9999, 12, 31, 23, 59, 59, 999999), false},
		// PostgreSQL has no year 0 (it is 1 BC there).
		{"0000-01-01 00:00:00.000000", utc(0, 1, 1, 0, 0, 0, 0), true},
	}
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		run := newFlowRun(t, db, "stored-forms", nil)
		for _, c := range cases {
			if c.sqliteOnly && db.Dialect.Name() != "sqlite" {
				continue
			}
			if err := setRaw(t, db, "flow_run", "start_time", run.ID, c.text); err != nil {
				t.Fatalf("%q: %v", c.text, err)
			}
			got, err := readFlowRun(db, run.ID)
			if err != nil {
				t.Errorf("%q: %v", c.text, err)
				continue
			}
			if got.StartTime == nil || !got.StartTime.Time.Equal(c.want) {
				t.Errorf("%q read back as %v, want %v", c.text, got.StartTime, c.want)
			}
		}
	})
}

// TestTimestampUnreadableText: on SQLite, text no Prefect form matches is an
// error naming the column and the text (mattn used to hand over year 1);
// PostgreSQL refuses the same text on write.
func TestTimestampUnreadableText(t *testing.T) {
	bad := []string{"2024-02-30", "", "garbage", "2024-13-01 00:00:00", "2024-01-01 25:00:00",
		"2024-01-01 00:00:00 +0000", "10000-01-01 00:00:00", "T", "2024-01-01T"}
	pgReads := map[string]time.Time{"2024-01-01 00:00:00 +0000": time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		run := newFlowRun(t, db, "unreadable", nil)
		for _, text := range bad {
			err := setRaw(t, db, "flow_run", "start_time", run.ID, text)
			if db.Dialect.Name() == "postgres" {
				// PostgreSQL refuses most of these itself; what it stores
				// must still read back as the time it names, or be refused.
				if err == nil {
					got, err := readFlowRun(db, run.ID)
					if pgReads[text].IsZero() {
						wantValueError(t, err, "flow_run.start_time", "")
					} else if err != nil || !got.StartTime.Time.Equal(pgReads[text]) {
						t.Errorf("PostgreSQL %q read back as %v (%v)", text, got.StartTime, err)
					}
				}
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			_, err = readFlowRun(db, run.ID)
			wantValueError(t, err, "flow_run.start_time", text)
		}
		if db.Dialect.Name() == "sqlite" {
			// An integer is not a form Prefect writes either (mattn read it as a Unix time).
			if err := setRaw(t, db, "flow_run", "start_time", run.ID, 1700000000); err != nil {
				t.Fatal(err)
			}
			_, err := readFlowRun(db, run.ID)
			wantValueError(t, err, "flow_run.start_time", "1700000000")
		}
	})
}

// TestTimestampOutOfRangeWrite: a time outside years 0000-9999 is refused
// before any SQL is sent, on both dialects.
func TestTimestampOutOfRangeWrite(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		run := newFlowRun(t, db, "out-of-range", nil)
		for _, when := range []time.Time{
			time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
			time.Date(-1, 12, 31, 23, 59, 59, 0, time.UTC),
			// 9999-12-31 23:30 at -01:00 is year 10000 in UTC.
			time.Date(9999, 12, 31, 23, 30, 0, 0, time.FixedZone("", -3600)),
		} {
			run.StartTime = models.NewTimestamp(when).Ptr()
			err := db.Save(&run).Error
			var ve *models.ValueError
			if !errors.As(err, &ve) || !strings.Contains(err.Error(), "outside years 0000 to 9999") {
				t.Fatalf("save %v: want an out-of-range error, got %v", when, err)
			}
			got, err := readFlowRun(db, run.ID)
			if err != nil || got.StartTime != nil {
				t.Fatalf("the refused write reached the database: %v %v", got.StartTime, err)
			}
			if _, err := models.NewTimestamp(when).Value(); err == nil {
				t.Errorf("Value accepted %v", when)
			}
		}
	})
}

// TestIntervalStoredForms: total_run_time as each dialect stores it reads
// back exactly; other text is an error naming the column; what overflows
// time.Duration is an error, never a wrapped value.
func TestIntervalStoredForms(t *testing.T) {
	type form struct {
		stored any
		want   time.Duration
	}
	good := map[string][]form{
		"sqlite": {
			{"1970-01-01 00:00:10.000000", 10 * time.Second},
			{"1970-01-01 01:01:01.500000", time.Hour + time.Minute + 1500*time.Millisecond},
			{"1969-12-31 23:59:59.000000", -time.Second},
			{"1970-01-02 00:00:00", 24 * time.Hour},
			{int64(0), 0},
		},
		"postgres": {
			{"00:00:10", 10 * time.Second},
			{"1 day 02:00:00", 26 * time.Hour},
			{"-00:00:01.5", -1500 * time.Millisecond},
			{"3661.5 seconds", time.Hour + time.Minute + 1500*time.Millisecond},
		},
	}
	bad := map[string][]string{
		// Prefect's SQLite interval is a DATETIME relative to the epoch.
		"sqlite":   {"00:00:10", "1 day", "", "garbage", "2024-02-30", "1677-09-21 00:00:00"},
		"postgres": {"300 years", "-300 years", "106751 days 23:47:16.854776"},
	}
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		dialect := db.Dialect.Name()
		run := newFlowRun(t, db, "intervals", nil)
		for _, f := range good[dialect] {
			if err := setRaw(t, db, "flow_run", "total_run_time", run.ID, f.stored); err != nil {
				t.Fatal(err)
			}
			got, err := readFlowRun(db, run.ID)
			if err != nil {
				t.Errorf("%v: %v", f.stored, err)
				continue
			}
			if got.TotalRunTime.Duration() != f.want {
				t.Errorf("%v read back as %v, want %v", f.stored, got.TotalRunTime.Duration(), f.want)
			}
		}
		for _, text := range bad[dialect] {
			if err := setRaw(t, db, "flow_run", "total_run_time", run.ID, text); err != nil {
				t.Fatal(err)
			}
			_, err := readFlowRun(db, run.ID)
			wantValueError(t, err, "flow_run.total_run_time", text)
		}
		// What the library writes reads back.
		for _, d := range []time.Duration{0, 3661500 * time.Millisecond, -time.Second, 290 * 365 * 24 * time.Hour, time.Microsecond} {
			run.TotalRunTime = models.Interval(d)
			if err := db.Save(&run).Error; err != nil {
				t.Fatal(err)
			}
			got, err := readFlowRun(db, run.ID)
			if err != nil || got.TotalRunTime.Duration() != d {
				t.Errorf("wrote %v, read %v (%v)", d, got.TotalRunTime.Duration(), err)
			}
		}
	})
}

// TestEnumUnknownLabel: an unknown state type label is an error naming the
// column and the label on SQLite; PostgreSQL's enum refuses it on write.
func TestEnumUnknownLabel(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		run := newFlowRun(t, db, "enum-labels", nil)
		for _, label := range []string{"BOGUS", "running", "", "RUNNING "} {
			err := setRaw(t, db, "flow_run", "state_type", run.ID, label)
			if db.Dialect.Name() == "postgres" {
				if err == nil {
					t.Errorf("PostgreSQL stored %q", label)
				}
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			_, err = readFlowRun(db, run.ID)
			wantValueError(t, err, "flow_run.state_type", label)
		}
		if err := setRaw(t, db, "flow_run", "state_type", run.ID, "RUNNING"); err != nil {
			t.Fatal(err)
		}
		got, err := readFlowRun(db, run.ID)
		if err != nil || got.StateType == nil || *got.StateType != models.StateRunning {
			t.Fatalf("RUNNING read back as %v (%v)", got.StateType, err)
		}
	})
}

// TestJSONOneDocumentExactKeys: a JSON column holding more than one document
// is an error (SQLite; PostgreSQL refuses it on write), and keys match
// Prefect's field names exactly: RETRIES does not set retries.
func TestJSONOneDocumentExactKeys(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		run := newFlowRun(t, db, "json-docs", nil)
		for _, text := range []string{`{}0`, `{"retries": 1}{"b": 2}`, `{} {}`, `{"retries": 1`} {
			err := setRaw(t, db, "flow_run", "empirical_policy", run.ID, text)
			if db.Dialect.Name() == "postgres" {
				if err == nil {
					t.Errorf("PostgreSQL stored %q", text)
				}
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			_, err = readFlowRun(db, run.ID)
			wantValueError(t, err, "flow_run.empirical_policy", text)
		}
		if err := setRaw(t, db, "flow_run", "empirical_policy", run.ID, `{"RETRIES": 3, "Retry_Delay": 5, "retries": null, "pause_keys": []}`); err != nil {
			t.Fatal(err)
		}
		got, err := readFlowRun(db, run.ID)
		if err != nil {
			t.Fatal(err)
		}
		if p := got.EmpiricalPolicy.V; p.Retries != nil || p.RetryDelay != nil {
			t.Fatalf("keys in another case set fields: retries %v, retry_delay %v", p.Retries, p.RetryDelay)
		}
		if err := setRaw(t, db, "flow_run", "empirical_policy", run.ID, `{"retries": 3}`); err != nil {
			t.Fatal(err)
		}
		got, err = readFlowRun(db, run.ID)
		if err != nil || got.EmpiricalPolicy.V.Retries == nil || *got.EmpiricalPolicy.V.Retries != 3 {
			t.Fatalf("retries 3 read back as %v (%v)", got.EmpiricalPolicy.V.Retries, err)
		}
	})
}

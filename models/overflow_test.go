package models_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/models"
)

// TestDocumentSecondsOverflow: float seconds beyond time.Duration in a
// typed document are an error, never a wrapped negative duration.
func TestDocumentSecondsOverflow(t *testing.T) {
	cases := []struct {
		name string
		scan func(string) error
		doc  string
	}{
		{"schedule interval 1e300", func(s string) error { var c models.JSON[models.Schedule]; return c.Scan(s) },
			`{"interval": 1e300, "anchor_date": "2024-01-01T00:00:00Z", "timezone": "UTC"}`},
		{"schedule interval -1e300", func(s string) error { var c models.JSON[models.Schedule]; return c.Scan(s) },
			`{"interval": -1e300, "anchor_date": "2024-01-01T00:00:00Z", "timezone": "UTC"}`},
		{"trigger within 1e12", func(s string) error { var c models.JSON[models.ServerTriggerTypes]; return c.Scan(s) },
			`{"type": "event", "posture": "Reactive", "threshold": 1, "within": 1e12}`},
		{"task retry_delay 1e300", func(s string) error { var c models.JSON[models.TaskRunPolicy]; return c.Scan(s) },
			`{"retry_delay": 1e300}`},
		{"task retry_delay list 1e300", func(s string) error { var c models.JSON[models.TaskRunPolicy]; return c.Scan(s) },
			`{"retry_delay": [1, 1e300]}`},
		{"task retry_delay_seconds 1e300", func(s string) error { var c models.JSON[models.TaskRunPolicy]; return c.Scan(s) },
			`{"retry_delay_seconds": 1e300}`},
		{"flow retry_delay_seconds 1e300", func(s string) error { var c models.JSON[models.FlowRunPolicy]; return c.Scan(s) },
			`{"retry_delay_seconds": 1e300}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.scan(c.doc)
			var ve *models.ValueError
			if !errors.As(err, &ve) {
				t.Fatalf("want an error, got %v", err)
			}
		})
	}
}

// TestIntervalParserPanics: pgx's interval parser panicked on these (fixed
// in pgx 5.13.0); any panic in a Scan is an error.
func TestIntervalParserPanics(t *testing.T) {
	for _, s := range []string{"::", "1 day ::", ":::::", "1:2:3:4"} {
		var i models.Interval
		err := i.Scan(s)
		var ve *models.ValueError
		if !errors.As(err, &ve) {
			t.Errorf("%q: want a *models.ValueError, got %v", s, err)
		}
	}
}

// TestPolicyOverflowStored: a retry delay beyond an int stored in a run's
// policy is an error naming the column, on both dialects.
func TestPolicyOverflowStored(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		run := newFlowRun(t, db, "policy-overflow", nil)
		for _, doc := range []string{`{"retry_delay_seconds": 1e300}`, `{"retry_delay": 1e300}`, `{"retries": 1e19}`} {
			if err := setRaw(t, db, "flow_run", "empirical_policy", run.ID, doc); err != nil {
				t.Fatal(err)
			}
			_, err := readFlowRun(db, run.ID)
			wantValueError(t, err, "flow_run.empirical_policy", "")
			if !strings.Contains(err.Error(), "retr") {
				t.Errorf("error does not say which field: %v", err)
			}
		}
	})
}

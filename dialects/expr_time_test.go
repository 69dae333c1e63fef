package dialects_test

import (
	"strings"
	"testing"
	"time"

	"gorm.io/gorm/clause"

	"github.com/prefectorm/prefectorm/dialects"
	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/models"
)

// TestTimeExpressionsOnGoValues evaluates DateAdd, DateDiff and IntervalAdd
// on bound Go values on both dialects and scans the results into
// models.Timestamp and models.Interval.
func TestTimeExpressionsOnGoValues(t *testing.T) {
	base := ms(0)
	timeCases := []struct {
		name string
		expr any
		want time.Time
	}{
		{"date_add time.Time+Duration", dialects.DateAdd(base, 90*time.Minute+250*time.Millisecond), base.Add(90*time.Minute + 250*time.Millisecond)},
		{"date_add over a day", dialects.DateAdd(models.NewTimestamp(base), models.Interval(49*time.Hour)), base.Add(49 * time.Hour)},
		{"date_add negative", dialects.DateAdd(base, -3*time.Second), base.Add(-3 * time.Second)},
		{"date_add of date_add", dialects.DateAdd(dialects.DateAdd(base, time.Hour), time.Minute), base.Add(time.Hour + time.Minute)},
	}
	intervalCases := []struct {
		name string
		expr any
		want time.Duration
	}{
		{"date_diff positive", dialects.DateDiff(ms(3*time.Hour+4*time.Millisecond), base), 3*time.Hour + 4*time.Millisecond},
		{"date_diff negative", dialects.DateDiff(base, ms(90*time.Second)), -90 * time.Second},
		{"date_diff days", dialects.DateDiff(ms(50*time.Hour), base), 50 * time.Hour},
		{"interval_add", dialects.IntervalAdd(time.Second, 1500*time.Millisecond), 2500 * time.Millisecond},
		{"interval_add models.Interval", dialects.IntervalAdd(models.Interval(25*time.Hour), models.Interval(time.Hour)), 26 * time.Hour},
		{"interval_add of date_diff", dialects.IntervalAdd(dialects.DateDiff(ms(time.Minute), base), time.Second), time.Minute + time.Second},
	}
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		for _, tc := range timeCases {
			t.Run(tc.name, func(t *testing.T) {
				var got models.Timestamp
				if err := scanOne(t, db, tc.expr, &got); err != nil {
					t.Fatal(err)
				}
				if !got.Equal(tc.want) {
					t.Errorf("got %v, want %v", got.Time, tc.want)
				}
			})
		}
		for _, tc := range intervalCases {
			t.Run(tc.name, func(t *testing.T) {
				var got models.Interval
				if err := scanOne(t, db, tc.expr, &got); err != nil {
					t.Fatal(err)
				}
				if got.Duration() != tc.want {
					t.Errorf("got %v, want %v", got.Duration(), tc.want)
				}
			})
		}
		t.Run("now", func(t *testing.T) {
			var got models.Timestamp
			if err := scanOne(t, db, dialects.Now(), &got); err != nil {
				t.Fatal(err)
			}
			if d := time.Since(got.Time); d < -time.Minute || d > time.Minute {
				t.Errorf("now() = %v, %v from the application clock", got.Time, d)
			}
		})
	})
}

// TestTimeExpressionsOnColumns uses columns as operands, in SELECT and
// WHERE, including the integer 0 a raw-SQL insert leaves in total_run_time
// on SQLite.
func TestTimeExpressionsOnColumns(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		flow := createFlow(t, db, "f")
		runs := []models.FlowRun{{FlowID: flow.ID}, {FlowID: flow.ID}}
		runs[0].Name, runs[0].StartTime, runs[0].EndTime = "a", ts(ms(0)), ts(ms(10*time.Second))
		runs[0].TotalRunTime = models.Interval(7 * time.Second)
		runs[1].Name, runs[1].StartTime, runs[1].EndTime = "b", ts(ms(time.Hour)), ts(ms(time.Hour+2*time.Second))
		if err := db.Create(&runs).Error; err != nil {
			t.Fatal(err)
		}
		start, end, total := clause.Column{Name: "start_time"}, clause.Column{Name: "end_time"}, clause.Column{Name: "total_run_time"}

		var got []struct {
			Name     string
			Duration models.Interval
			Finished models.Timestamp
		}
		err := db.Model(&models.FlowRun{}).
			Select("name, ? AS duration, ? AS finished", dialects.DateDiff(end, start), dialects.DateAdd(start, total)).
			Order("name").Scan(&got).Error
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].Duration.Duration() != 10*time.Second || got[1].Duration.Duration() != 2*time.Second ||
			!got[0].Finished.Equal(ms(7*time.Second)) || !got[1].Finished.Equal(ms(time.Hour)) {
			t.Fatalf("got %+v", got)
		}

		// WHERE: runs longer than 5 s, the limit a bound interval.
		var names []string
		err = db.Model(&models.FlowRun{}).Where("? > ?", dialects.DateDiff(end, start), models.Interval(5*time.Second)).
			Pluck("name", &names).Error
		if err != nil || len(names) != 1 || names[0] != "a" {
			t.Fatalf("long runs = %v, %v; want [a]", names, err)
		}
		// WHERE on a timestamp: started before base + 30 min.
		names = nil
		err = db.Model(&models.FlowRun{}).Where("start_time < ?", dialects.DateAdd(ms(0), 30*time.Minute)).
			Pluck("name", &names).Error
		if err != nil || len(names) != 1 || names[0] != "a" {
			t.Fatalf("early runs = %v, %v; want [a]", names, err)
		}

		// The raw-SQL server default of total_run_time: integer 0 on SQLite.
		zero := "'0'"
		if db.Dialect.Name() == "sqlite" {
			zero = "0"
		}
		if err := db.Exec("UPDATE flow_run SET total_run_time = " + zero + " WHERE name = 'b'").Error; err != nil {
			t.Fatal(err)
		}
		var sum models.Interval
		err = scanRow(db.Model(&models.FlowRun{}).Select("?", dialects.IntervalAdd(total, 1500*time.Millisecond)).
			Where("name = ?", "b"), &sum)
		if err != nil || sum.Duration() != 1500*time.Millisecond {
			t.Fatalf("0 + 1.5 s = %v, %v", sum.Duration(), err)
		}
	})
}

// TestTimeExpressionRejectsBadOperands requires a clear error naming the
// function and the operand for a value that is neither a column, an
// expression nor a Go time or interval.
func TestTimeExpressionRejectsBadOperands(t *testing.T) {
	cases := []struct {
		name string
		expr any
		want string
	}{
		{"string column name", dialects.DateAdd("start_time", time.Hour), `DateAdd: unsupported timestamp operand string (start_time)`},
		{"duration as timestamp", dialects.DateDiff(time.Hour, ms(0)), `DateDiff: unsupported timestamp operand time.Duration`},
		{"time as interval", dialects.IntervalAdd(ms(0), time.Hour), `IntervalAdd: unsupported interval operand time.Time`},
	}
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				var got any
				err := scanOne(t, db, tc.expr, &got)
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("error = %v, want it to contain %q", err, tc.want)
				}
			})
		}
	})
}

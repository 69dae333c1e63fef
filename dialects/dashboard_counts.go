package dialects

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/prefectorm/prefectorm/models"
)

// DashboardBuckets is the number of time buckets of
// DashboardTaskRunCounts, Prefect's bucket_count.
const DashboardBuckets = 20

// TaskRunCount is Prefect's TaskRunCount: the terminal task runs of one
// dashboard time bucket. Completed counts the COMPLETED and CANCELLED ones
// (Prefect counts every terminal state that is not a failure), Failed the
// FAILED and CRASHED ones.
type TaskRunCount struct {
	Completed int64
	Failed    int64
}

// DashboardTaskRunCounts mirrors Prefect's api/ui/task_runs.py
// read_dashboard_task_run_counts (/ui/task_runs/dashboard/counts): the task
// runs in a terminal state whose start time is in [since, until], counted
// in DashboardBuckets equal buckets of time. since is required (Prefect's
// start_time.after_) and is truncated to the minute for the buckets' start;
// the buckets end at the last microsecond of until's minute, or of the
// current minute when until is zero; each is (end - start) / 20 wide
// (rounded to the microsecond as Python's timedelta division does). A run
// is in bucket floor((start_time - start) / width), computed in SQL in
// whole microseconds on both dialects; runs past the last bucket (possible
// only without until) are left out, where Prefect fails. filter narrows
// the runs further (its StateTypes are replaced by the terminal states, as
// Prefect does). The result always has DashboardBuckets entries, oldest
// first.
func DashboardTaskRunCounts(ctx context.Context, db *gorm.DB, since, until time.Time, filter TaskRunFilter) ([]TaskRunCount, error) {
	if since.IsZero() {
		return nil, fmt.Errorf("prefectorm: DashboardTaskRunCounts: since (task_runs.start_time.after_) is required")
	}
	if !until.IsZero() && until.Before(since) {
		return nil, fmt.Errorf("prefectorm: DashboardTaskRunCounts: until %s is before since %s", until.Format(time.RFC3339Nano), since.Format(time.RFC3339Nano))
	}
	start := since.UTC().Truncate(time.Minute)
	endBase := until
	if endBase.IsZero() {
		endBase = time.Now()
	}
	end := endBase.UTC().Truncate(time.Minute).Add(time.Minute - time.Microsecond)
	width := roundHalfEvenDiv(end.Sub(start).Microseconds(), DashboardBuckets)
	if width < 1 {
		width = 1
	}
	filter.StateTypes = []models.StateType{models.StateCompleted, models.StateFailed, models.StateCancelled, models.StateCrashed}
	filter.StartTimeAfter, filter.StartTimeBefore = since, until
	q, err := filter.apply(db.WithContext(ctx).Table("task_run"))
	if err != nil {
		return nil, err
	}
	failed, _ := stateTypeIn("", clause.Column{Table: "task_run", Name: "state_type"}, []models.StateType{models.StateFailed, models.StateCrashed})
	var rows []struct {
		Bucket          int64
		FailedCount     int64
		SuccessfulCount int64
	}
	err = q.Select("? AS bucket, SUM(CASE WHEN ? THEN 1 ELSE 0 END) AS failed_count, SUM(CASE WHEN ? THEN 0 ELSE 1 END) AS successful_count",
		bucketOf(clause.Column{Table: "task_run", Name: "start_time"}, models.NewTimestamp(start), width), failed, failed).
		Clauses(groupByOrdinals(1)).Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	out := make([]TaskRunCount, DashboardBuckets)
	for _, r := range rows {
		if r.Bucket >= 0 && r.Bucket < DashboardBuckets {
			out[r.Bucket] = TaskRunCount{Completed: r.SuccessfulCount, Failed: r.FailedCount}
		}
	}
	return out, nil
}

// roundHalfEvenDiv is n / d rounded to the nearest integer, ties to even,
// as Python divides a timedelta by an integer (n >= 0, d > 0).
func roundHalfEvenDiv(n, d int64) int64 {
	q, r := n/d, n%d
	if 2*r > d || (2*r == d && q%2 == 1) {
		q++
	}
	return q
}

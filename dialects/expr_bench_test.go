package dialects_test

import (
	"database/sql"
	"fmt"
	"testing"

	"github.com/prefectorm/prefectorm/dialects"
	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/models"
)

// workloadDB returns a fresh database of dialect holding the cross-dialect
// workload, and its database/sql handle for the raw side of a benchmark.
func workloadDB(b *testing.B, dialect string) (dbtest.DB, *sql.DB) {
	b.Helper()
	db := dbtest.New(b, dialect)
	newWorkload().insert(b, db.DB)
	sqlDB, err := db.DB.DB()
	if err != nil {
		b.Fatal(err)
	}
	return db, sqlDB
}

// BenchmarkSortFlowRunsStartTimeDesc: the first page of flow runs by
// FlowRunSort START_TIME_DESC.
func BenchmarkSortFlowRunsStartTimeDesc(b *testing.B) {
	const rawSQL = `SELECT id FROM flow_run
		ORDER BY (COALESCE(start_time, expected_start_time) IS NULL) DESC,
		COALESCE(start_time, expected_start_time) DESC, id DESC LIMIT 20`
	for _, dialect := range dbtest.Dialects {
		b.Run(dialect, func(b *testing.B) {
			db, sqlDB := workloadDB(b, dialect)
			raw := func(int) error {
				rows, err := sqlDB.Query(rawSQL)
				if err != nil {
					return err
				}
				defer rows.Close()
				var ids []models.UUID
				for rows.Next() {
					var id models.UUID
					if err := rows.Scan(&id); err != nil {
						return err
					}
					ids = append(ids, id)
				}
				return pageOf20(len(ids), rows.Err())
			}
			orm := func(int) error {
				var ids []models.UUID
				err := db.Model(&models.FlowRun{}).Clauses(models.FlowRunSortStartTimeDesc).Limit(20).Pluck("id", &ids).Error
				return pageOf20(len(ids), err)
			}
			dbtest.CompareRaw(b, raw, orm)
		})
	}
}

// BenchmarkEstimatedRunTime: flow run ids with estimated_run_time at a fixed
// clock, longest first.
func BenchmarkEstimatedRunTime(b *testing.B) {
	now := ms(0)
	rawSQL := map[string]string{
		"sqlite": `SELECT id, CASE WHEN state_type = 'RUNNING' AND state_timestamp IS NOT NULL
			THEN strftime('%Y-%m-%d %H:%M:%f000', (CASE WHEN typeof(total_run_time) IN ('integer','real')
				THEN julianday(total_run_time, 'unixepoch') ELSE julianday(total_run_time) END) + julianday(strftime('%Y-%m-%d %H:%M:%f000',
				2440587.5 + julianday(?) - julianday(state_timestamp))) - 2440587.5)
			ELSE total_run_time END AS e FROM flow_run ORDER BY e DESC, id DESC LIMIT 20`,
		"postgres": `SELECT id, CASE WHEN state_type = 'RUNNING' AND state_timestamp IS NOT NULL
			THEN total_run_time + (?::timestamptz - state_timestamp)
			ELSE total_run_time END AS e FROM flow_run ORDER BY e DESC, id DESC LIMIT 20`,
	}
	type row struct {
		ID               models.UUID
		EstimatedRunTime models.Interval
	}
	for _, dialect := range dbtest.Dialects {
		b.Run(dialect, func(b *testing.B) {
			db, sqlDB := workloadDB(b, dialect)
			query := dbtest.Rebind(dialect, rawSQL[dialect])
			raw := func(int) error {
				rows, err := sqlDB.Query(query, models.NewTimestamp(now))
				if err != nil {
					return err
				}
				defer rows.Close()
				var out []row
				for rows.Next() {
					var r row
					if err := rows.Scan(&r.ID, &r.EstimatedRunTime); err != nil {
						return err
					}
					out = append(out, r)
				}
				return pageOf20(len(out), rows.Err())
			}
			orm := func(int) error {
				est := dialects.EstimatedRunTime("flow_run").At(now)
				var out []row
				err := db.Table("flow_run").Select("id, ? AS estimated_run_time", est).Order(est.Desc()).Limit(20).Scan(&out).Error
				return pageOf20(len(out), err)
			}
			dbtest.CompareRaw(b, raw, orm)
		})
	}
}

// pageOf20 returns err, or an error when a page does not hold 20 rows.
func pageOf20(n int, err error) error {
	if err == nil && n != 20 {
		err = fmt.Errorf("page of %d rows, want 20", n)
	}
	return err
}

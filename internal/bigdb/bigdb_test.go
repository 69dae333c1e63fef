package bigdb_test

import (
	"context"
	"testing"

	"github.com/prefectorm/prefectorm/internal/bigdb"
	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/migrations"
)

// TestFill fills a Prefect 3.0 database and a database at the newest
// version on each dialect and reads the row counts and a few generated
// values back.
func TestFill(t *testing.T) {
	for _, tc := range []struct{ dialect, at string }{
		{"sqlite", "0001_prefect_3_0"}, {"postgres", "0001_prefect_3_0"}, {"sqlite", ""}, {"postgres", ""},
	} {
		dialect := tc.dialect
		name := dialect + "/" + tc.at
		if tc.at == "" {
			name = dialect + "/newest"
		}
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			db := dbtest.Open(t, dbtest.URL(t, dialect))
			var opts []migrations.Option
			if tc.at != "" {
				opts = append(opts, migrations.To(tc.at))
			}
			if err := migrations.Upgrade(ctx, db.DB, db.Dialect, append(opts, migrations.WithLogger(nil))...); err != nil {
				t.Fatal(err)
			}
			sqlDB, err := db.DB.DB()
			if err != nil {
				t.Fatal(err)
			}
			want, err := bigdb.Fill(ctx, sqlDB, dialect, bigdb.Sizes{FlowRuns: 250})
			if err != nil {
				t.Fatal(err)
			}
			for _, tc := range []struct {
				table string
				want  int
			}{
				{"flow", want.Flows}, {"deployment", want.Deployments}, {"deployment_schedule", want.DeploymentSchedules},
				{"flow_run", want.FlowRuns}, {"flow_run_state", want.FlowRunStates}, {"task_run", want.TaskRuns},
				{"log", want.Logs}, {"events", want.Events}, {"event_resources", want.EventResources},
				{"work_pool", want.WorkPools}, {"work_queue", want.WorkQueues}, {"worker", want.Workers},
				{"flow_run WHERE parent_task_run_id IS NOT NULL", want.Subflows},
				{"flow_run WHERE work_queue_id IS NOT NULL", want.FlowRuns},
				{"work_pool WHERE default_queue_id IS NOT NULL", want.WorkPools},
				{"flow_run WHERE state_type = 'FAILED' AND end_time IS NOT NULL AND start_time IS NOT NULL", 24},
				{"flow_run WHERE state_type = 'RUNNING' AND end_time IS NULL AND start_time IS NOT NULL", 6},
				{"flow_run WHERE state_type IN ('SCHEDULED', 'PENDING') AND start_time IS NULL", 25 + 3},
				{"flow_run WHERE state_type = 'COMPLETED'", 250 - 25 - 3 - 6 - 3 - 3 - 24 - 9 - 12},
				{"task_run WHERE state_type = 'RUNNING' AND end_time IS NULL", 5},
				{"flow_run r JOIN task_run t ON t.id = r.parent_task_run_id JOIN flow_run p ON p.id = t.flow_run_id", want.Subflows},
			} {
				var got int
				if err := sqlDB.QueryRow("SELECT count(*) FROM " + tc.table).Scan(&got); err != nil {
					t.Fatal(err)
				}
				if got != tc.want || got == 0 {
					t.Errorf("%s: %d rows, want %d", tc.table, got, tc.want)
				}
			}
			// Every flow run's state_id is its own last state.
			var orphans int
			if err := sqlDB.QueryRow(`SELECT count(*) FROM flow_run r LEFT JOIN flow_run_state s ON s.id = r.state_id AND s.flow_run_id = r.id AND s.type = r.state_type WHERE s.id IS NULL`).Scan(&orphans); err != nil {
				t.Fatal(err)
			}
			if orphans != 0 {
				t.Errorf("%d flow runs whose state_id is not their current state", orphans)
			}
			var scheduled int
			if err := sqlDB.QueryRow(`SELECT count(*) FROM flow_run WHERE state_type = 'SCHEDULED' AND next_scheduled_start_time IS NOT NULL`).Scan(&scheduled); err != nil {
				t.Fatal(err)
			}
			if scheduled != 25 {
				t.Errorf("scheduled flow runs = %d, want 25", scheduled)
			}
		})
	}
}

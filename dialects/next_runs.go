package dialects

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/models"
)

// MaxNextRunsFlows is the most flow ids NextRunsByFlow takes, Prefect's
// max_items of /ui/flows/next-runs.
const MaxNextRunsFlows = 200

// NextFlowRun is Prefect's SimpleNextFlowRun: the next scheduled run of a
// flow.
type NextFlowRun struct {
	ID                     models.UUID
	FlowID                 models.UUID
	Name                   string
	StateName              string
	StateType              models.StateType
	NextScheduledStartTime time.Time
}

// NextRunsByFlow mirrors Prefect's api/ui/flows.py next_runs_by_flow
// (/ui/flows/next-runs): for each of flowIDs (at most 200) its SCHEDULED
// run with the earliest next_scheduled_start_time, or nil when it has none.
// The map has every requested id as a key.
//
// Prefect runs a CROSS JOIN LATERAL on PostgreSQL and a MIN() join on
// SQLite, which return different runs on ties (SQLite: every tied run, the
// last one winning); here one portable query takes, per flow, the run
// first by (next_scheduled_start_time, id), a correlated LIMIT 1 that
// walks the partial index prefectorm_ix_flow_run__flow_id_next_scheduled
// on both dialects. Scheduled runs without a next_scheduled_start_time
// (which Prefect's response model refuses) are skipped.
func NextRunsByFlow(ctx context.Context, db *gorm.DB, flowIDs []models.UUID) (map[models.UUID]*NextFlowRun, error) {
	if len(flowIDs) > MaxNextRunsFlows {
		return nil, fmt.Errorf("prefectorm: NextRunsByFlow: flow_ids: %d ids, at most %d", len(flowIDs), MaxNextRunsFlows)
	}
	out := make(map[models.UUID]*NextFlowRun, len(flowIDs))
	for _, id := range flowIDs {
		out[id] = nil
	}
	if len(flowIDs) == 0 {
		return out, nil
	}
	var rows []struct {
		ID                     models.UUID
		FlowID                 models.UUID
		Name                   string
		StateName              *string
		StateType              models.StateType
		NextScheduledStartTime models.Timestamp
	}
	err := db.WithContext(ctx).Raw(`SELECT fr.id, fr.flow_id, fr.name, fr.state_name, fr.state_type, fr.next_scheduled_start_time
FROM flow_run fr
WHERE fr.id IN (
	SELECT (SELECT n.id FROM flow_run n
		WHERE n.flow_id = f.id AND n.state_type = 'SCHEDULED' AND n.next_scheduled_start_time IS NOT NULL
		ORDER BY n.next_scheduled_start_time, n.id LIMIT 1)
	FROM flow f WHERE f.id IN ?)`, flowIDs).Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		run := &NextFlowRun{ID: r.ID, FlowID: r.FlowID, Name: r.Name, StateType: r.StateType, NextScheduledStartTime: r.NextScheduledStartTime.Time}
		if r.StateName != nil {
			run.StateName = *r.StateName
		}
		out[r.FlowID] = run
	}
	return out, nil
}

package dialects

import (
	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/models"
)

// vacuumRun is a flow run as the flow-run phase reads it.
type vacuumRun struct {
	ID              models.UUID
	EndTime         *models.Timestamp
	ParentTaskRunID *models.UUID
	StateType       *models.StateType
}

func (r vacuumRun) rowID() models.UUID { return r.ID }

// deletable reports whether r is old and terminal (Prefect's rule, less
// the top-level condition, which the caller checks).
func (r vacuumRun) deletable(cutoff models.Timestamp) bool {
	return r.StateType != nil && r.StateType.IsTerminal() && r.EndTime != nil && r.EndTime.Before(cutoff.Time)
}

// flowRuns deletes old terminal top-level flow runs, one batch of
// candidates at a time, walking ix_flow_run__end_time_desc upwards from
// the oldest end_time: each batch reads the next BatchSize runs ending
// before the cutoff (plus the runs sharing the last end_time, so the
// cursor can move strictly past it), keeps the top-level terminal ones and
// deletes them with their subflow runs and children.
func (v *vacuum) flowRuns() error {
	cutoff := models.NewTimestamp(v.opts.FlowRunsBefore)
	var cursor *models.Timestamp
	for {
		var page []vacuumRun
		err := v.batch(func(tx *gorm.DB, r *VacuumReport) error {
			var err error
			page, err = flowRunPage(tx, cutoff, cursor, v.size)
			if err != nil || len(page) == 0 {
				return err
			}
			var ids []models.UUID
			for _, run := range page {
				if run.ParentTaskRunID == nil && run.deletable(cutoff) {
					ids = append(ids, run.ID)
				}
			}
			return deleteFlowRuns(tx, ids, cutoff, r)
		})
		if err != nil {
			return err
		}
		if len(page) == 0 {
			return nil
		}
		cursor = page[len(page)-1].EndTime
	}
}

// flowRunPage reads the next candidates in end_time order: up to size
// runs with cursor < end_time < cutoff, and every other run at the last
// end_time read.
func flowRunPage(tx *gorm.DB, cutoff models.Timestamp, cursor *models.Timestamp, size int) ([]vacuumRun, error) {
	const cols = "SELECT id, end_time, parent_task_run_id, state_type FROM flow_run "
	q := tx.Raw(cols+"WHERE end_time < ? ORDER BY end_time LIMIT ?", cutoff, size)
	if cursor != nil {
		q = tx.Raw(cols+"WHERE end_time < ? AND end_time > ? ORDER BY end_time LIMIT ?", cutoff, *cursor, size)
	}
	var page []vacuumRun
	if err := q.Scan(&page).Error; err != nil {
		return nil, err
	}
	if len(page) < size {
		return page, nil
	}
	last := page[len(page)-1].EndTime
	var ties []vacuumRun
	if err := tx.Raw(cols+"WHERE end_time = ?", *last).Scan(&ties).Error; err != nil {
		return nil, err
	}
	return mergeTies(page, ties), nil
}

// deleteFlowRuns deletes the flow runs ids, their old terminal subflow
// runs (at any depth), and of all of them the task runs and their states,
// the flow-run states and inputs, logs and artifacts. Subflow runs that
// are kept lose their parent_task_run_id through the foreign key
// (ON DELETE SET NULL), as in Prefect, where they then become top-level
// runs of their own.
func deleteFlowRuns(tx *gorm.DB, ids []models.UUID, cutoff models.Timestamp, r *VacuumReport) error {
	if len(ids) == 0 {
		return nil
	}
	all := append([]models.UUID{}, ids...)
	seen := make(map[models.UUID]bool, len(ids))
	for _, id := range ids {
		seen[id] = true
	}
	// Subflow runs, level by level, through ix_task_run__flow_run_id and
	// ix_flow_run__parent_task_run_id.
	for level := ids; len(level) > 0; {
		var next []models.UUID
		// Two lookups rather than one join: a join of the batch's task runs
		// to flow_run may be planned as a merge join over the whole
		// parent_task_run_id index, an IN list never is.
		var tasks []models.UUID
		err := chunks(level, func(c []models.UUID) error {
			var ids []models.UUID
			if err := tx.Raw("SELECT id FROM task_run WHERE flow_run_id IN ?", c).Scan(&ids).Error; err != nil {
				return err
			}
			tasks = append(tasks, ids...)
			return nil
		})
		if err != nil {
			return err
		}
		err = chunks(tasks, func(c []models.UUID) error {
			var subs []vacuumRun
			if err := tx.Raw("SELECT id, end_time, parent_task_run_id, state_type FROM flow_run WHERE parent_task_run_id IN ?", c).Scan(&subs).Error; err != nil {
				return err
			}
			for _, s := range subs {
				switch {
				case seen[s.ID]:
				case s.deletable(cutoff):
					seen[s.ID] = true
					next = append(next, s.ID)
				default:
					r.DetachedSubflowRuns++
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		r.SubflowRuns += int64(len(next))
		all = append(all, next...)
		level = next
	}
	var err error
	count := func(query string) (int64, error) {
		var total int64
		err := chunks(all, func(c []models.UUID) error {
			var n int64
			err := tx.Raw(query, c).Scan(&n).Error
			total += n
			return err
		})
		return total, err
	}
	// Children without side effects are deleted explicitly, for their
	// counts; flow-run states and task runs are counted and left to the
	// cascades (deleting a flow-run state first would make its foreign
	// key from flow_run.state_id rewrite the run about to be deleted).
	if r.TaskRunStates, err = execChunks(tx, "DELETE FROM task_run_state WHERE task_run_id IN (SELECT id FROM task_run WHERE flow_run_id IN ?)", all); err != nil {
		return err
	}
	if r.FlowRunInputs, err = execChunks(tx, "DELETE FROM flow_run_input WHERE flow_run_id IN ?", all); err != nil {
		return err
	}
	if r.FlowRunStates, err = count("SELECT count(*) FROM flow_run_state WHERE flow_run_id IN ?"); err != nil {
		return err
	}
	if r.TaskRuns, err = count("SELECT count(*) FROM task_run WHERE flow_run_id IN ?"); err != nil {
		return err
	}
	if r.FlowRuns, err = execChunks(tx, "DELETE FROM flow_run WHERE id IN ?", all); err != nil {
		return err
	}
	if r.Logs, err = execChunks(tx, "DELETE FROM log WHERE flow_run_id IN ?", all); err != nil {
		return err
	}
	r.Artifacts, err = deleteArtifacts(tx, "flow_run_id", all, r)
	return err
}

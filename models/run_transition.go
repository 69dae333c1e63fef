package models

// applyState keeps the run's denormalised state columns as Prefect's global
// orchestration policy does when the run enters a new state: the state
// type, name and timestamp copies, start_time on the first RUNNING,
// total_run_time grown on leaving RUNNING, end_time set on a terminal state
// (and cleared when leaving one), expected_start_time on the first state and
// next_scheduled_start_time while SCHEDULED. run_count is left to the caller.
func (r *Run) applyState(typ StateType, name string, ts Timestamp, details StateDetails) {
	var prevType StateType
	if r.StateType != nil {
		prevType = *r.StateType
	}
	prevTimestamp := r.StateTimestamp

	r.StateType = typ.Ptr()
	r.StateName = &name
	r.StateTimestamp = ts.Ptr()

	if typ == StateRunning && r.StartTime == nil {
		r.StartTime = ts.Ptr()
	}
	if prevType.IsTerminal() && !typ.IsTerminal() {
		r.EndTime = nil
	}
	if typ.IsTerminal() && r.StartTime != nil && r.EndTime == nil {
		r.EndTime = ts.Ptr()
	}
	if prevType == StateRunning && prevTimestamp != nil {
		r.TotalRunTime += Interval(ts.Sub(prevTimestamp.Time))
	}
	if r.ExpectedStartTime == nil {
		if typ == StateScheduled {
			r.ExpectedStartTime = scheduledTime(details)
		} else {
			r.ExpectedStartTime = ts.Ptr()
		}
	}
	if prevType == StateScheduled {
		r.NextScheduledStartTime = nil
	}
	if typ == StateScheduled {
		r.NextScheduledStartTime = scheduledTime(details)
	}
}

// scheduledTime returns a SCHEDULED state's scheduled_time as a column value.
func scheduledTime(details StateDetails) *Timestamp {
	if details.ScheduledTime == nil {
		return nil
	}
	return NewTimestamp(details.ScheduledTime.Time).Ptr()
}

// ApplyState points the flow run at state and updates its bookkeeping as
// Prefect's GlobalFlowPolicy does: the common state columns, run_count
// incremented on entering RUNNING (unless the run is resuming from a
// pause), and the resuming flag cleared on entering RUNNING or a terminal
// state. It also fills the state's details with the run's ids. It changes
// only the structs; hooks write them in the state insert's transaction.
func (r *FlowRun) ApplyState(state *FlowRunState) {
	state.FlowRunID = r.ID
	state.StateDetails.V.FlowRunID = r.ID.Ptr()
	if r.ParentTaskRunID != nil {
		state.StateDetails.V.TaskRunID = r.ParentTaskRunID
	}
	r.applyState(state.Type, state.Name, state.Timestamp, state.StateDetails.V)
	if state.Type == StateRunning && !r.EmpiricalPolicy.V.Resuming {
		r.RunCount++
	}
	if (state.Type == StateRunning || state.Type.IsTerminal()) && r.EmpiricalPolicy.V.Resuming {
		r.EmpiricalPolicy.V.Resuming = false
	}
	r.StateID = state.ID.Ptr()
}

// ApplyState points the task run at state and updates its bookkeeping as
// Prefect's GlobalTaskPolicy does: the common state columns and, on
// entering RUNNING, run_count incremented and flow_run_run_count set to
// flowRunCount, the run count of the task run's flow run. It also fills
// the state's details with the run's ids.
func (r *TaskRun) ApplyState(state *TaskRunState, flowRunCount int) {
	state.TaskRunID = r.ID
	state.StateDetails.V.TaskRunID = r.ID.Ptr()
	state.StateDetails.V.FlowRunID = r.FlowRunID
	r.applyState(state.Type, state.Name, state.Timestamp, state.StateDetails.V)
	if state.Type == StateRunning {
		r.RunCount++
		if r.FlowRunID != nil {
			r.FlowRunRunCount = flowRunCount
		}
	}
	r.StateID = state.ID.Ptr()
}

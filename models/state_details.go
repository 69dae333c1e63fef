package models

// StateDetails is Prefect's StateDetails (column state_details of
// flow_run_state and task_run_state). Fields are in Prefect's serialisation
// order and the zero value marshals as Prefect's defaults, all 16 keys
// present. Deferred is Optional[bool] with default false in Prefect: an
// explicit null reads as false.
type StateDetails struct {
	// FlowRunID is the flow run the state belongs to (the hooks fill it).
	FlowRunID *UUID `json:"flow_run_id"`
	// TaskRunID is the task run the state belongs to; on a subflow run's
	// state, the parent task run that tracks it.
	TaskRunID *UUID `json:"task_run_id"`
	// ChildFlowRunID is, on the state of a task run that stands for a subflow,
	// the subflow's run.
	ChildFlowRunID *UUID `json:"child_flow_run_id"`
	// ScheduledTime is when the run of a SCHEDULED state is due.
	ScheduledTime *ISOTime `json:"scheduled_time"`
	// CacheKey is the key a COMPLETED task run state is cached under.
	CacheKey *string `json:"cache_key"`
	// CacheExpiration is when that cached state expires.
	CacheExpiration *ISOTime `json:"cache_expiration"`
	// Deferred marks the state of a task run deferred to a task worker (a
	// background task).
	Deferred bool `json:"deferred"`
	// UntrackableResult is true when the run's result cannot be traced to the
	// task inputs that use it.
	UntrackableResult bool `json:"untrackable_result"`
	// PauseTimeout is when a PAUSED run times out.
	PauseTimeout *ISOTime `json:"pause_timeout"`
	// PauseReschedule is true when a paused run gives up its infrastructure
	// and is rescheduled on resume.
	PauseReschedule bool `json:"pause_reschedule"`
	// PauseKey identifies the pause; FlowRunPolicy.PauseKeys records the keys
	// a run has seen.
	PauseKey *string `json:"pause_key"`
	// RunInputKeyset maps run input names to their flow_run_input keys.
	RunInputKeyset map[string]string `json:"run_input_keyset"`
	// RefreshCache makes a task run ignore a cached state and cache a new one.
	RefreshCache *bool `json:"refresh_cache"`
	// Retriable false on a FAILED task run state keeps the run from being
	// retried.
	Retriable *bool `json:"retriable"`
	// TransitionID identifies the proposed transition, so that one proposed
	// twice is applied once.
	TransitionID *UUID `json:"transition_id"`
	// TaskParametersID is the key a background task's parameters are stored
	// under.
	TaskParametersID *UUID `json:"task_parameters_id"`
}

package models

// StateDetails is Prefect's StateDetails (column state_details of
// flow_run_state and task_run_state). Fields are in Prefect's serialisation
// order and the zero value marshals as Prefect's defaults, all 16 keys
// present. Deferred is Optional[bool] with default false in Prefect: an
// explicit null reads as false.
type StateDetails struct {
	FlowRunID         *UUID    `json:"flow_run_id"`
	TaskRunID         *UUID    `json:"task_run_id"`
	ChildFlowRunID    *UUID    `json:"child_flow_run_id"`
	ScheduledTime     *ISOTime `json:"scheduled_time"`
	CacheKey          *string  `json:"cache_key"`
	CacheExpiration   *ISOTime `json:"cache_expiration"`
	Deferred          bool     `json:"deferred"`
	UntrackableResult bool     `json:"untrackable_result"`
	PauseTimeout      *ISOTime `json:"pause_timeout"`
	PauseReschedule   bool     `json:"pause_reschedule"`
	PauseKey          *string  `json:"pause_key"`
	// RunInputKeyset maps run input names to their flow_run_input keys.
	RunInputKeyset   map[string]string `json:"run_input_keyset"`
	RefreshCache     *bool             `json:"refresh_cache"`
	Retriable        *bool             `json:"retriable"`
	TransitionID     *UUID             `json:"transition_id"`
	TaskParametersID *UUID             `json:"task_parameters_id"`
}

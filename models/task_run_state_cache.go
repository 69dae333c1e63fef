package models

// TaskRunStateCache maps a task cache key to the task run state that holds
// the cached result (table task_run_state_cache). TaskRunStateID is a plain
// UUID without a foreign key.
type TaskRunStateCache struct {
	Base
	// CacheKey is the key the state is cached under.
	CacheKey string `gorm:"column:cache_key;type:VARCHAR;not null" json:"cache_key"`
	// CacheExpiration is when the cached state expires (NULL: never).
	CacheExpiration *Timestamp `gorm:"column:cache_expiration" json:"cache_expiration"`
	// TaskRunStateID is the cached COMPLETED task run state.
	TaskRunStateID UUID `gorm:"column:task_run_state_id;not null" json:"task_run_state_id"`
}

// TableName returns task_run_state_cache.
func (TaskRunStateCache) TableName() string { return "task_run_state_cache" }

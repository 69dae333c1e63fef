package models

import (
	"database/sql/driver"
	"fmt"
	"slices"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/schema"
)

// Enum is implemented by Prefect's enum column types. They are stored by
// name: a native enum type on PostgreSQL, VARCHAR on SQLite.
type Enum interface {
	// EnumType returns the PostgreSQL enum type name, e.g. state_type.
	EnumType() string
	// Labels returns the allowed values in declaration order.
	Labels() []string
	// String returns the value.
	String() string
}

// EnumTypes lists one zero value of every enum column type, in the order
// their PostgreSQL types are created.
func EnumTypes() []Enum {
	return []Enum{DeploymentStatus(""), StateType(""), WorkPoolStatus(""), WorkQueueStatus(""), WorkerStatus("")}
}

// ValidateEnum returns an error naming column and value when e is not one of
// its labels.
func ValidateEnum(column string, e Enum) error {
	if slices.Contains(e.Labels(), e.String()) {
		return nil
	}
	return fmt.Errorf("prefectorm: %s: invalid %s value %q (want one of %s)",
		column, e.EnumType(), e.String(), strings.Join(e.Labels(), ", "))
}

// enumDBDataType is the DDL of an enum column: the native type on
// PostgreSQL, VARCHAR(n) on SQLite with n as in Prefect's reference databases.
func enumDBDataType(db *gorm.DB, e Enum, sqliteLength int) string {
	if isPostgres(db) {
		return e.EnumType()
	}
	return fmt.Sprintf("VARCHAR(%d)", sqliteLength)
}

// enumValue validates e and returns it as text.
func enumValue(e Enum) (driver.Value, error) {
	if err := ValidateEnum(e.EnumType(), e); err != nil {
		return nil, err
	}
	return e.String(), nil
}

// enumScan reads an enum label stored as text: a label that is not one of
// labels (any case but the declared one, the empty string, anything else)
// is a *ValueError naming the enum type and the label, as SQLAlchemy's Enum
// refuses to load it.
func enumScan(src any, e Enum) (label string, err error) {
	defer recoverScan(&err, e.EnumType(), src)
	switch v := src.(type) {
	case string:
		label = v
	case []byte:
		label = string(v)
	case nil:
		return "", &ValueError{Type: e.EnumType(), Value: "NULL", Reason: "the column is not nullable (use a pointer)"}
	default:
		return "", valueError(e.EnumType(), src, "not a label")
	}
	if !slices.Contains(e.Labels(), label) {
		return "", valueError(e.EnumType(), label, "not one of %s", strings.Join(e.Labels(), ", "))
	}
	return label, nil
}

// StateType is the type of a flow or task run state (enum state_type).
type StateType string

// StateType values.
const (
	StateScheduled  StateType = "SCHEDULED"
	StatePending    StateType = "PENDING"
	StateRunning    StateType = "RUNNING"
	StateCompleted  StateType = "COMPLETED"
	StateFailed     StateType = "FAILED"
	StateCancelled  StateType = "CANCELLED"
	StateCrashed    StateType = "CRASHED"
	StatePaused     StateType = "PAUSED"
	StateCancelling StateType = "CANCELLING"
)

// EnumType returns state_type.
func (StateType) EnumType() string { return "state_type" }

// Labels returns the state types in Prefect's order.
func (StateType) Labels() []string {
	return []string{"SCHEDULED", "PENDING", "RUNNING", "COMPLETED", "FAILED", "CANCELLED", "CRASHED", "PAUSED", "CANCELLING"}
}

// String returns the state type name.
func (s StateType) String() string { return string(s) }

// IsTerminal reports whether s is COMPLETED, CANCELLED, FAILED or CRASHED.
func (s StateType) IsTerminal() bool {
	return s == StateCompleted || s == StateCancelled || s == StateFailed || s == StateCrashed
}

// Ptr returns a pointer to a copy of s, for nullable state type columns.
func (s StateType) Ptr() *StateType { return &s }

// GormDBDataType returns state_type on PostgreSQL, VARCHAR(9) on SQLite (as
// Prefect's migrations create it; SQLite does not enforce the length).
func (s StateType) GormDBDataType(db *gorm.DB, _ *schema.Field) string {
	return enumDBDataType(db, s, 9)
}

// Value validates and returns the name.
func (s StateType) Value() (driver.Value, error) { return enumValue(s) }

// Scan reads the stored name; an unknown label is a *ValueError.
func (s *StateType) Scan(src any) error {
	v, err := enumScan(src, *s)
	if err == nil {
		*s = StateType(v)
	}
	return err
}

// DeploymentStatus is a deployment's status (enum deployment_status).
type DeploymentStatus string

// DeploymentStatus values.
const (
	DeploymentReady    DeploymentStatus = "READY"
	DeploymentNotReady DeploymentStatus = "NOT_READY"
)

// EnumType returns deployment_status.
func (DeploymentStatus) EnumType() string { return "deployment_status" }

// Labels returns the statuses in Prefect's order.
func (DeploymentStatus) Labels() []string { return []string{"READY", "NOT_READY"} }

// String returns the status name.
func (s DeploymentStatus) String() string { return string(s) }

// GormDBDataType returns deployment_status on PostgreSQL, VARCHAR(9) on SQLite.
func (s DeploymentStatus) GormDBDataType(db *gorm.DB, _ *schema.Field) string {
	return enumDBDataType(db, s, 9)
}

// Value validates and returns the name.
func (s DeploymentStatus) Value() (driver.Value, error) { return enumValue(s) }

// Scan reads the stored name; an unknown label is a *ValueError.
func (s *DeploymentStatus) Scan(src any) error {
	v, err := enumScan(src, *s)
	if err == nil {
		*s = DeploymentStatus(v)
	}
	return err
}

// WorkQueueStatus is a work queue's status (enum work_queue_status).
type WorkQueueStatus string

// WorkQueueStatus values.
const (
	WorkQueueReady    WorkQueueStatus = "READY"
	WorkQueueNotReady WorkQueueStatus = "NOT_READY"
	WorkQueuePaused   WorkQueueStatus = "PAUSED"
)

// EnumType returns work_queue_status.
func (WorkQueueStatus) EnumType() string { return "work_queue_status" }

// Labels returns the statuses in Prefect's order.
func (WorkQueueStatus) Labels() []string { return []string{"READY", "NOT_READY", "PAUSED"} }

// String returns the status name.
func (s WorkQueueStatus) String() string { return string(s) }

// GormDBDataType returns work_queue_status on PostgreSQL, VARCHAR(9) on SQLite.
func (s WorkQueueStatus) GormDBDataType(db *gorm.DB, _ *schema.Field) string {
	return enumDBDataType(db, s, 9)
}

// Value validates and returns the name.
func (s WorkQueueStatus) Value() (driver.Value, error) { return enumValue(s) }

// Scan reads the stored name; an unknown label is a *ValueError.
func (s *WorkQueueStatus) Scan(src any) error {
	v, err := enumScan(src, *s)
	if err == nil {
		*s = WorkQueueStatus(v)
	}
	return err
}

// WorkPoolStatus is a work pool's status (enum work_pool_status).
type WorkPoolStatus string

// WorkPoolStatus values.
const (
	WorkPoolReady    WorkPoolStatus = "READY"
	WorkPoolNotReady WorkPoolStatus = "NOT_READY"
	WorkPoolPaused   WorkPoolStatus = "PAUSED"
)

// EnumType returns work_pool_status.
func (WorkPoolStatus) EnumType() string { return "work_pool_status" }

// Labels returns the statuses in Prefect's order.
func (WorkPoolStatus) Labels() []string { return []string{"READY", "NOT_READY", "PAUSED"} }

// String returns the status name.
func (s WorkPoolStatus) String() string { return string(s) }

// GormDBDataType returns work_pool_status on PostgreSQL, VARCHAR(9) on SQLite.
func (s WorkPoolStatus) GormDBDataType(db *gorm.DB, _ *schema.Field) string {
	return enumDBDataType(db, s, 9)
}

// Value validates and returns the name.
func (s WorkPoolStatus) Value() (driver.Value, error) { return enumValue(s) }

// Scan reads the stored name; an unknown label is a *ValueError.
func (s *WorkPoolStatus) Scan(src any) error {
	v, err := enumScan(src, *s)
	if err == nil {
		*s = WorkPoolStatus(v)
	}
	return err
}

// WorkerStatus is a worker's status (enum worker_status).
type WorkerStatus string

// WorkerStatus values.
const (
	WorkerOnline  WorkerStatus = "ONLINE"
	WorkerOffline WorkerStatus = "OFFLINE"
)

// EnumType returns worker_status.
func (WorkerStatus) EnumType() string { return "worker_status" }

// Labels returns the statuses in Prefect's order.
func (WorkerStatus) Labels() []string { return []string{"ONLINE", "OFFLINE"} }

// String returns the status name.
func (s WorkerStatus) String() string { return string(s) }

// GormDBDataType returns worker_status on PostgreSQL, VARCHAR(7) on SQLite.
func (s WorkerStatus) GormDBDataType(db *gorm.DB, _ *schema.Field) string {
	return enumDBDataType(db, s, 7)
}

// Value validates and returns the name.
func (s WorkerStatus) Value() (driver.Value, error) { return enumValue(s) }

// Scan reads the stored name; an unknown label is a *ValueError.
func (s *WorkerStatus) Scan(src any) error {
	v, err := enumScan(src, *s)
	if err == nil {
		*s = WorkerStatus(v)
	}
	return err
}

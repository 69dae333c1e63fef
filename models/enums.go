package models

import (
	"database/sql/driver"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/schema"

	"github.com/prefectorm/prefectorm/internal/coltype"
)

// Prefect's enum column types are stored by label: a native enum type on
// PostgreSQL, VARCHAR on SQLite. Their labels and PostgreSQL type names are
// in internal/coltype, which the schema builder and the hooks read too.
func init() {
	coltype.RegisterEnum(reflect.TypeOf(DeploymentStatus("")), coltype.DeploymentStatus)
	coltype.RegisterEnum(reflect.TypeOf(StateType("")), coltype.StateType)
	coltype.RegisterEnum(reflect.TypeOf(WorkPoolStatus("")), coltype.WorkPoolStatus)
	coltype.RegisterEnum(reflect.TypeOf(WorkQueueStatus("")), coltype.WorkQueueStatus)
	coltype.RegisterEnum(reflect.TypeOf(WorkerStatus("")), coltype.WorkerStatus)
}

// enumDBDataType is the DDL of an enum column: the native type on
// PostgreSQL, VARCHAR(n) on SQLite with n as in Prefect's reference databases.
func enumDBDataType(db *gorm.DB, e coltype.Enum) string {
	if isPostgres(db) {
		return e.Type
	}
	return fmt.Sprintf("VARCHAR(%d)", e.SQLiteLength)
}

// enumValue validates label and returns it as text.
func enumValue(e coltype.Enum, label string) (driver.Value, error) {
	if err := e.Validate(e.Type, label); err != nil {
		return nil, err
	}
	return label, nil
}

// enumScan reads an enum label stored as text: a label that is not one of
// e's labels (any case but the declared one, the empty string, anything
// else) is a *ValueError naming the enum type and the label, as
// SQLAlchemy's Enum refuses to load it.
func enumScan(src any, e coltype.Enum) (label string, err error) {
	defer recoverScan(&err, e.Type, src)
	switch v := src.(type) {
	case string:
		label = v
	case []byte:
		label = string(v)
	case nil:
		return "", &ValueError{Type: e.Type, Value: "NULL", Reason: "the column is not nullable (use a pointer)"}
	default:
		return "", valueError(e.Type, src, "not a label")
	}
	if !slices.Contains(e.Labels, label) {
		return "", valueError(e.Type, label, "not one of %s", strings.Join(e.Labels, ", "))
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
	return enumDBDataType(db, coltype.StateType)
}

// Value validates and returns the name.
func (s StateType) Value() (driver.Value, error) { return enumValue(coltype.StateType, string(s)) }

// Scan reads the stored name; an unknown label is a *ValueError.
func (s *StateType) Scan(src any) error {
	v, err := enumScan(src, coltype.StateType)
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

// String returns the status name.
func (s DeploymentStatus) String() string { return string(s) }

// GormDBDataType returns deployment_status on PostgreSQL, VARCHAR(9) on SQLite.
func (s DeploymentStatus) GormDBDataType(db *gorm.DB, _ *schema.Field) string {
	return enumDBDataType(db, coltype.DeploymentStatus)
}

// Value validates and returns the name.
func (s DeploymentStatus) Value() (driver.Value, error) {
	return enumValue(coltype.DeploymentStatus, string(s))
}

// Scan reads the stored name; an unknown label is a *ValueError.
func (s *DeploymentStatus) Scan(src any) error {
	v, err := enumScan(src, coltype.DeploymentStatus)
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

// String returns the status name.
func (s WorkQueueStatus) String() string { return string(s) }

// GormDBDataType returns work_queue_status on PostgreSQL, VARCHAR(9) on SQLite.
func (s WorkQueueStatus) GormDBDataType(db *gorm.DB, _ *schema.Field) string {
	return enumDBDataType(db, coltype.WorkQueueStatus)
}

// Value validates and returns the name.
func (s WorkQueueStatus) Value() (driver.Value, error) {
	return enumValue(coltype.WorkQueueStatus, string(s))
}

// Scan reads the stored name; an unknown label is a *ValueError.
func (s *WorkQueueStatus) Scan(src any) error {
	v, err := enumScan(src, coltype.WorkQueueStatus)
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

// String returns the status name.
func (s WorkPoolStatus) String() string { return string(s) }

// GormDBDataType returns work_pool_status on PostgreSQL, VARCHAR(9) on SQLite.
func (s WorkPoolStatus) GormDBDataType(db *gorm.DB, _ *schema.Field) string {
	return enumDBDataType(db, coltype.WorkPoolStatus)
}

// Value validates and returns the name.
func (s WorkPoolStatus) Value() (driver.Value, error) {
	return enumValue(coltype.WorkPoolStatus, string(s))
}

// Scan reads the stored name; an unknown label is a *ValueError.
func (s *WorkPoolStatus) Scan(src any) error {
	v, err := enumScan(src, coltype.WorkPoolStatus)
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

// String returns the status name.
func (s WorkerStatus) String() string { return string(s) }

// GormDBDataType returns worker_status on PostgreSQL, VARCHAR(7) on SQLite.
func (s WorkerStatus) GormDBDataType(db *gorm.DB, _ *schema.Field) string {
	return enumDBDataType(db, coltype.WorkerStatus)
}

// Value validates and returns the name.
func (s WorkerStatus) Value() (driver.Value, error) {
	return enumValue(coltype.WorkerStatus, string(s))
}

// Scan reads the stored name; an unknown label is a *ValueError.
func (s *WorkerStatus) Scan(src any) error {
	v, err := enumScan(src, coltype.WorkerStatus)
	if err == nil {
		*s = WorkerStatus(v)
	}
	return err
}

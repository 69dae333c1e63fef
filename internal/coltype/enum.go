package coltype

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
)

// Enum is one of Prefect's enum column types: stored by label, as a native
// enum type on PostgreSQL and as VARCHAR on SQLite.
type Enum struct {
	// Type is the PostgreSQL enum type name, e.g. state_type.
	Type string
	// Labels are the allowed values in declaration order.
	Labels []string
	// SQLiteLength is n of the VARCHAR(n) Prefect's SQLite migrations
	// declare (SQLite does not enforce it).
	SQLiteLength int
}

// Prefect's enum types.
var (
	DeploymentStatus = Enum{Type: "deployment_status", Labels: []string{"READY", "NOT_READY"}, SQLiteLength: 9}
	StateType        = Enum{Type: "state_type", SQLiteLength: 9,
		Labels: []string{"SCHEDULED", "PENDING", "RUNNING", "COMPLETED", "FAILED", "CANCELLED", "CRASHED", "PAUSED", "CANCELLING"}}
	WorkPoolStatus  = Enum{Type: "work_pool_status", Labels: []string{"READY", "NOT_READY", "PAUSED"}, SQLiteLength: 9}
	WorkQueueStatus = Enum{Type: "work_queue_status", Labels: []string{"READY", "NOT_READY", "PAUSED"}, SQLiteLength: 9}
	WorkerStatus    = Enum{Type: "worker_status", Labels: []string{"ONLINE", "OFFLINE"}, SQLiteLength: 7}
)

// Enums lists every enum type in the order their PostgreSQL types are
// created.
func Enums() []Enum {
	return []Enum{DeploymentStatus, StateType, WorkPoolStatus, WorkQueueStatus, WorkerStatus}
}

// Validate returns an error naming column and value when value is not one
// of e's labels.
func (e Enum) Validate(column, value string) error {
	if slices.Contains(e.Labels, value) {
		return nil
	}
	return fmt.Errorf("prefectorm: %s: invalid %s value %q (want one of %s)",
		column, e.Type, value, strings.Join(e.Labels, ", "))
}

// enumGoTypes maps the Go types that hold an enum (registered by package
// models) to their Enum.
var enumGoTypes sync.Map // reflect.Type -> Enum

// RegisterEnum records that values of the string type t hold e. Package
// models registers each of its enum column types.
func RegisterEnum(t reflect.Type, e Enum) {
	if t.Kind() != reflect.String {
		panic("coltype: RegisterEnum of non-string type " + t.String())
	}
	enumGoTypes.Store(t, e)
}

// EnumOf returns the Enum held by values of the Go type t, if t (not a
// pointer to it) was registered.
func EnumOf(t reflect.Type) (Enum, bool) {
	e, ok := enumGoTypes.Load(t)
	if !ok {
		return Enum{}, false
	}
	return e.(Enum), true
}

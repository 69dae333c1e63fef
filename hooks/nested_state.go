package hooks

import (
	"fmt"
	"reflect"

	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/models"
)

const (
	nestedStateDetachCallback = "prefectorm:nested_state_detach"
	nestedStateAttachCallback = "prefectorm:nested_state_attach"
	// nestedStatesKey holds, in the statement's settings, the first states
	// detached from the runs being created.
	nestedStatesKey = "prefectorm:nested_states"
)

// registerNestedStates makes Create(&models.FlowRun{State: &state}) (and
// the same for TaskRun) work: GORM saves a belongs-to association before
// its owner, which would insert the state before its run exists. The state
// is detached before GORM's association step, and after the run's insert,
// in the create's transaction, inserted as the run's first transition
// (with the run's id), after which the run is read back so that its
// state_id and bookkeeping are those in the database.
func registerNestedStates(db *gorm.DB) error {
	create := db.Callback().Create()
	if err := create.Before("gorm:save_before_associations").Register(nestedStateDetachCallback, detachNestedStates); err != nil {
		return fmt.Errorf("prefectorm: register %s: %w", nestedStateDetachCallback, err)
	}
	if err := create.After("gorm:create").Before("gorm:commit_or_rollback_transaction").Register(nestedStateAttachCallback, attachNestedStates); err != nil {
		return fmt.Errorf("prefectorm: register %s: %w", nestedStateAttachCallback, err)
	}
	return nil
}

// nestedState is one run being created and the first state given with it.
type nestedState struct {
	run   reflect.Value // the addressable run struct
	state any           // *models.FlowRunState or *models.TaskRunState
}

// detachNestedStates takes the State of every flow or task run being
// created off the row, to be inserted after it.
func detachNestedStates(db *gorm.DB) {
	s := db.Statement.Schema
	if db.Error != nil || s == nil || (s.Table != "flow_run" && s.Table != "task_run") {
		return
	}
	var nested []nestedState
	eachRow(db, func(row reflect.Value) {
		if !row.CanAddr() {
			return
		}
		switch run := row.Addr().Interface().(type) {
		case *models.FlowRun:
			if run.State != nil {
				nested = append(nested, nestedState{run: row, state: run.State})
				run.State = nil
			}
		case *models.TaskRun:
			if run.State != nil {
				nested = append(nested, nestedState{run: row, state: run.State})
				run.State = nil
			}
		}
	})
	if len(nested) == 0 {
		return
	}
	if _, inTx := db.Statement.ConnPool.(gorm.TxCommitter); !inTx {
		for _, n := range nested {
			restoreState(n)
		}
		_ = db.AddError(fmt.Errorf("prefectorm: creating a %s with its first State needs a transaction (SkipDefaultTransaction is set): wrap the Create in db.Transaction, or create the run and then its state", s.Table))
		return
	}
	db.Statement.Settings.Store(nestedStatesKey, nested)
}

// attachNestedStates inserts the detached states, each as its run's
// transition, and reads the runs back.
func attachNestedStates(db *gorm.DB) {
	v, ok := db.Statement.Settings.LoadAndDelete(nestedStatesKey)
	if !ok {
		return
	}
	nested := v.([]nestedState)
	if db.Error != nil {
		for _, n := range nested {
			restoreState(n)
		}
		return
	}
	tx := db.Session(&gorm.Session{NewDB: true, Context: db.Statement.Context})
	for _, n := range nested {
		var err error
		switch state := n.state.(type) {
		case *models.FlowRunState:
			run := n.run.Addr().Interface().(*models.FlowRun)
			state.FlowRunID = run.ID
			if err = tx.Create(state).Error; err == nil {
				err = tx.First(run, "id = ?", run.ID).Error
			}
			run.State = state
		case *models.TaskRunState:
			run := n.run.Addr().Interface().(*models.TaskRun)
			state.TaskRunID = run.ID
			if err = tx.Create(state).Error; err == nil {
				err = tx.First(run, "id = ?", run.ID).Error
			}
			run.State = state
		}
		if err != nil {
			_ = db.AddError(fmt.Errorf("prefectorm: %s: insert the run's first state: %w", db.Statement.Schema.Table, err))
			return
		}
	}
}

// restoreState puts a detached state back on its run.
func restoreState(n nestedState) {
	switch state := n.state.(type) {
	case *models.FlowRunState:
		n.run.Addr().Interface().(*models.FlowRun).State = state
	case *models.TaskRunState:
		n.run.Addr().Interface().(*models.TaskRun).State = state
	}
}

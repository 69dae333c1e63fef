package models

import (
	"encoding/json"
	"fmt"
)

// TaskInputs is Prefect's task_inputs (column task_run.task_inputs): for each
// task parameter name, the upstream inputs that fed it. A nil map marshals as
// {} and a nil list as [], Prefect's defaults. Keys are written in sorted
// order (a Go map keeps no insertion order; Prefect writes the task's
// parameter order).
type TaskInputs map[string][]TaskInput

// MarshalJSON writes the inputs, {} when t is nil and [] for a nil list.
func (t TaskInputs) MarshalJSON() ([]byte, error) {
	out := make(map[string][]TaskInput, len(t))
	for name, inputs := range t {
		if inputs == nil {
			inputs = []TaskInput{}
		}
		out[name] = inputs
	}
	return json.Marshal(out)
}

// TaskInputType is the input_type literal that tells the kinds of TaskInput
// apart.
type TaskInputType string

// TaskInputType values.
const (
	// TaskInputTaskRun is the result of an upstream task run (Prefect's
	// TaskRunResult); TaskInput.ID holds the task run id.
	TaskInputTaskRun TaskInputType = "task_run"
	// TaskInputParameter is a flow run parameter (Prefect's Parameter);
	// TaskInput.Name holds the parameter name.
	TaskInputParameter TaskInputType = "parameter"
	// TaskInputConstant is a constant value (Prefect's Constant);
	// TaskInput.Type holds the Python type name.
	TaskInputConstant TaskInputType = "constant"
)

// TaskInput is one input reference in TaskInputs: one of
// {"input_type": "task_run", "id": ...}, {"input_type": "parameter",
// "name": ...} or {"input_type": "constant", "type": ...}, selected by
// InputType. Only the field of its own kind is marshalled.
type TaskInput struct {
	// InputType says which of the fields below applies: task_run, parameter or
	// constant.
	InputType TaskInputType
	// ID is the upstream task run id (task_run inputs only).
	ID UUID
	// Name is the parameter name (parameter inputs only).
	Name string
	// Type is the constant's type name (constant inputs only).
	Type string
}

// TaskRunResultInput returns a task_run input referring to task run id.
func TaskRunResultInput(id UUID) TaskInput {
	return TaskInput{InputType: TaskInputTaskRun, ID: id}
}

// ParameterInput returns a parameter input referring to the named parameter.
func ParameterInput(name string) TaskInput {
	return TaskInput{InputType: TaskInputParameter, Name: name}
}

// ConstantInput returns a constant input of the given type name.
func ConstantInput(typeName string) TaskInput {
	return TaskInput{InputType: TaskInputConstant, Type: typeName}
}

// MarshalJSON writes input_type followed by the kind's own key, in Prefect's
// order.
func (in TaskInput) MarshalJSON() ([]byte, error) {
	switch in.InputType {
	case TaskInputTaskRun:
		return json.Marshal(struct {
			InputType TaskInputType `json:"input_type"`
			ID        UUID          `json:"id"`
		}{in.InputType, in.ID})
	case TaskInputParameter:
		return json.Marshal(struct {
			InputType TaskInputType `json:"input_type"`
			Name      string        `json:"name"`
		}{in.InputType, in.Name})
	case TaskInputConstant:
		return json.Marshal(struct {
			InputType TaskInputType `json:"input_type"`
			Type      string        `json:"type"`
		}{in.InputType, in.Type})
	}
	return nil, fmt.Errorf("prefectorm: task input: unknown input_type %q", in.InputType)
}

// UnmarshalJSON reads one input reference. The kind is given by input_type;
// when input_type is absent (each Prefect model defaults it) the first kind
// whose required key is present wins, in Prefect's union order task_run,
// parameter, constant. Other keys are ignored.
func (in *TaskInput) UnmarshalJSON(b []byte) error {
	var raw struct {
		InputType *string `json:"input_type"`
		ID        *string `json:"id"`
		Name      *string `json:"name"`
		Type      *string `json:"type"`
	}
	if err := decodeJSON(b, &raw); err != nil {
		return fmt.Errorf("prefectorm: task input: %w", err)
	}
	if raw.InputType == nil {
		switch {
		case raw.ID != nil && validUUID(*raw.ID):
			return in.set(TaskInputTaskRun, raw.ID, raw.Name, raw.Type)
		case raw.Name != nil:
			return in.set(TaskInputParameter, raw.ID, raw.Name, raw.Type)
		case raw.Type != nil:
			return in.set(TaskInputConstant, raw.ID, raw.Name, raw.Type)
		}
		return fmt.Errorf("prefectorm: task input: cannot tell its kind: %s", b)
	}
	return in.set(TaskInputType(*raw.InputType), raw.ID, raw.Name, raw.Type)
}

// set fills in from the decoded keys for the given kind, requiring its key.
func (in *TaskInput) set(kind TaskInputType, id, name, typeName *string) error {
	missing := func(key string) error {
		return fmt.Errorf("prefectorm: task input: %s input without %q", kind, key)
	}
	switch kind {
	case TaskInputTaskRun:
		if id == nil {
			return missing("id")
		}
		u, err := ParseUUID(*id)
		if err != nil {
			return fmt.Errorf("prefectorm: task input: %w", err)
		}
		*in = TaskRunResultInput(u)
	case TaskInputParameter:
		if name == nil {
			return missing("name")
		}
		*in = ParameterInput(*name)
	case TaskInputConstant:
		if typeName == nil {
			return missing("type")
		}
		*in = ConstantInput(*typeName)
	default:
		return fmt.Errorf("prefectorm: task input: unknown input_type %q", kind)
	}
	return nil
}

func validUUID(s string) bool {
	_, err := ParseUUID(s)
	return err == nil
}

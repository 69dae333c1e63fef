package models

import (
	"fmt"
	"sort"
)

// Validate requires every input to be of a known kind (task_run,
// parameter or constant).
func (t TaskInputs) Validate() error {
	names := make([]string, 0, len(t))
	for name := range t {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		for i, in := range t[name] {
			if err := in.Validate(); err != nil {
				return inField(labelField("", name)+fmt.Sprintf("[%d]", i), err)
			}
		}
	}
	return nil
}

// Validate requires a known input_type.
func (in TaskInput) Validate() error {
	switch in.InputType {
	case TaskInputTaskRun, TaskInputParameter, TaskInputConstant:
		return nil
	}
	return invalid("input_type", in.InputType, `input_type must be "task_run", "parameter" or "constant"`)
}

package models

import (
	"testing"
)

func TestTaskInputsJSON(t *testing.T) {
	id := MustParseUUID("3f2504e0-4f89-41d3-9a0c-0305e82c3301")
	tests := []struct {
		name  string
		value any
		want  string
	}{
		{name: "zero value is Prefect's default", value: TaskInputs(nil), want: `{}`},
		{name: "empty", value: TaskInputs{}, want: `{}`},
		{name: "nil list", value: TaskInputs{"x": nil}, want: `{"x": []}`},
		{name: "task_run input", value: TaskRunResultInput(id), want: `{"input_type": "task_run", "id": "3f2504e0-4f89-41d3-9a0c-0305e82c3301"}`},
		{name: "parameter input", value: ParameterInput("x"), want: `{"input_type": "parameter", "name": "x"}`},
		{name: "constant input", value: ConstantInput("int"), want: `{"input_type": "constant", "type": "int"}`},
		{
			name: "populated",
			value: TaskInputs{
				"x":      {TaskRunResultInput(id), ParameterInput("x")},
				"y":      {},
				"config": {ConstantInput("dict")},
			},
			want: `{"config": [{"input_type": "constant", "type": "dict"}], ` +
				`"x": [{"input_type": "task_run", "id": "3f2504e0-4f89-41d3-9a0c-0305e82c3301"}, {"input_type": "parameter", "name": "x"}], ` +
				`"y": []}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := marshalPythonJSON(tt.value)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Fatalf("marshalPythonJSON:\n got %s\nwant %s", got, tt.want)
			}
		})
	}
	if _, err := marshalPythonJSON(TaskInput{}); err == nil {
		t.Fatal("a TaskInput without input_type marshalled")
	}
}

func TestTaskInputsUnmarshalPrefect(t *testing.T) {
	id := MustParseUUID("3f2504e0-4f89-41d3-9a0c-0305e82c3301")
	tests := []struct {
		name    string
		input   string
		want    TaskInputs
		wantErr bool
	}{
		{name: "server default {}", input: `{}`, want: TaskInputs{}},
		{
			name: "Prefect dump",
			input: `{"x": [{"input_type": "task_run", "id": "3f2504e0-4f89-41d3-9a0c-0305e82c3301"}], ` +
				`"y": [{"input_type": "parameter", "name": "y"}, {"input_type": "constant", "type": "str"}], "z": []}`,
			want: TaskInputs{
				"x": {TaskRunResultInput(id)},
				"y": {ParameterInput("y"), ConstantInput("str")},
				"z": {},
			},
		},
		{
			name:  "input_type omitted: recognised by its key",
			input: `{"a": [{"id": "3f2504e0-4f89-41d3-9a0c-0305e82c3301"}, {"name": "p"}, {"type": "int"}]}`,
			want:  TaskInputs{"a": {TaskRunResultInput(id), ParameterInput("p"), ConstantInput("int")}},
		},
		{
			name:  "other keys ignored",
			input: `{"a": [{"input_type": "parameter", "name": "p", "id": "not-a-uuid"}]}`,
			want:  TaskInputs{"a": {ParameterInput("p")}},
		},
		{name: "unknown input_type", input: `{"a": [{"input_type": "other", "name": "p"}]}`, wantErr: true},
		{name: "missing required key", input: `{"a": [{"input_type": "task_run"}]}`, wantErr: true},
		{name: "invalid id", input: `{"a": [{"input_type": "task_run", "id": "nope"}]}`, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkScan(t, tt.input, tt.want, tt.wantErr)
		})
	}
}

package models

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
)

// KeyValueLabels is Prefect's KeyValueLabels (columns flow.labels,
// flow_run.labels, task_run.labels, deployment.labels and
// deployment_version.labels, added in Prefect 3.1.5): a map from label name
// to a string, integer, float or boolean. Use it as JSON[KeyValueLabels]; a
// nil map is stored as SQL NULL, an empty one as {}.
type KeyValueLabels map[string]LabelValue

// LabelKind is the JSON type of a LabelValue.
type LabelKind int

// LabelKind values, in the order of Prefect's union (StrictBool, StrictInt,
// StrictFloat, str).
const (
	// LabelInvalid is the kind of the zero LabelValue, which cannot be
	// marshalled.
	LabelInvalid LabelKind = iota
	LabelBool
	LabelInt
	LabelFloat
	LabelString
)

// LabelValue is one value of a KeyValueLabels map. It keeps the JSON type it
// was read with, so 1 and 1.0 are read back and written as they were stored.
type LabelValue struct {
	kind LabelKind
	b    bool
	i    int64
	f    float64
	s    string
}

// BoolLabel returns a boolean label value.
func BoolLabel(b bool) LabelValue { return LabelValue{kind: LabelBool, b: b} }

// IntLabel returns an integer label value.
func IntLabel(i int64) LabelValue { return LabelValue{kind: LabelInt, i: i} }

// FloatLabel returns a float label value; NaN and ±Inf cannot be marshalled.
func FloatLabel(f float64) LabelValue { return LabelValue{kind: LabelFloat, f: f} }

// StringLabel returns a string label value.
func StringLabel(s string) LabelValue { return LabelValue{kind: LabelString, s: s} }

// Kind returns the JSON type of v.
func (v LabelValue) Kind() LabelKind { return v.kind }

// Bool returns the value of a LabelBool.
func (v LabelValue) Bool() bool { return v.b }

// Int returns the value of a LabelInt.
func (v LabelValue) Int() int64 { return v.i }

// Float returns the value of a LabelFloat.
func (v LabelValue) Float() float64 { return v.f }

// Str returns the value of a LabelString.
func (v LabelValue) Str() string { return v.s }

// Interface returns the held value as bool, int64, float64 or string (nil
// for the zero LabelValue).
func (v LabelValue) Interface() any {
	switch v.kind {
	case LabelBool:
		return v.b
	case LabelInt:
		return v.i
	case LabelFloat:
		return v.f
	case LabelString:
		return v.s
	}
	return nil
}

// String renders v for messages.
func (v LabelValue) String() string {
	b, err := v.MarshalJSON()
	if err != nil {
		return "<invalid label value>"
	}
	return string(b)
}

// MarshalJSON writes the value as Prefect does (floats in Python's repr).
// The zero LabelValue and non-finite floats are errors: Prefect's JSON
// column would store neither.
func (v LabelValue) MarshalJSON() ([]byte, error) {
	switch v.kind {
	case LabelBool:
		return strconv.AppendBool(nil, v.b), nil
	case LabelInt:
		return strconv.AppendInt(nil, v.i, 10), nil
	case LabelFloat:
		if math.IsNaN(v.f) || math.IsInf(v.f, 0) {
			return nil, fmt.Errorf("prefectorm: label value %v: not a finite number", v.f)
		}
		return Float(v.f).MarshalJSON()
	case LabelString:
		return json.Marshal(v.s)
	}
	return nil, fmt.Errorf("prefectorm: label value is unset (want a string, integer, float or boolean)")
}

// UnmarshalJSON reads a string, number or boolean. A number without a
// fraction or exponent is an integer and must fit int64; null, arrays and
// objects are errors, as in Prefect's KeyValueLabels.
func (v *LabelValue) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return fmt.Errorf("prefectorm: label value: empty document")
	}
	switch b[0] {
	case 't', 'f':
		var x bool
		if err := json.Unmarshal(b, &x); err != nil {
			return fmt.Errorf("prefectorm: label value %s: %w", b, err)
		}
		*v = BoolLabel(x)
		return nil
	case '"':
		var x string
		if err := json.Unmarshal(b, &x); err != nil {
			return fmt.Errorf("prefectorm: label value %s: %w", b, err)
		}
		*v = StringLabel(x)
		return nil
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		if !json.Valid(b) {
			return fmt.Errorf("prefectorm: label value %s: not a JSON number", b)
		}
		if !bytes.ContainsAny(b, ".eE") {
			i, err := strconv.ParseInt(string(b), 10, 64)
			if err != nil {
				return fmt.Errorf("prefectorm: label value %s: integer out of the int64 range", b)
			}
			*v = IntLabel(i)
			return nil
		}
		f, err := strconv.ParseFloat(string(b), 64)
		if err != nil {
			return fmt.Errorf("prefectorm: label value %s: float out of range", b)
		}
		*v = FloatLabel(f)
		return nil
	}
	return fmt.Errorf("prefectorm: label value %s: want a string, integer, float or boolean", truncateDoc(b))
}

// truncateDoc shortens a document for an error message.
func truncateDoc(b []byte) string {
	const max = 80
	if len(b) > max {
		return string(b[:max]) + "…"
	}
	return string(b)
}

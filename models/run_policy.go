package models

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
)

// FlowRunPolicy is Prefect's FlowRunPolicy (column flow_run.empirical_policy).
// The zero value marshals as Prefect's default:
// {"max_retries": 0, "retry_delay_seconds": 0.0, "retries": null,
// "retry_delay": null, "pause_keys": [], "resuming": false}.
//
// Unmarshalling applies Prefect's back-fill of the deprecated fields (see
// backfillRetries). PauseKeys uses StringSet (declared in trigger.go).
// Resuming is Optional[bool] with default false in
// Prefect and PauseKeys Optional[set] with default empty set: an explicit
// null reads as false and as an empty set.
type FlowRunPolicy struct {
	// MaxRetries is deprecated; use Retries.
	MaxRetries int `json:"max_retries"`
	// RetryDelaySeconds is deprecated; use RetryDelay.
	RetryDelaySeconds Float `json:"retry_delay_seconds"`
	// Retries is how many times a failed run is retried (nil: not set, none).
	Retries *int `json:"retries"`
	// RetryDelay is the delay between retries, in seconds.
	RetryDelay *int `json:"retry_delay"`
	// PauseKeys are the keys of the pauses the run has been through, so that a
	// pause is not taken twice.
	PauseKeys StringSet `json:"pause_keys"`
	// Resuming is true while the run resumes from a pause: entering RUNNING
	// then does not count as a new run.
	Resuming bool `json:"resuming"`
}

// UnmarshalJSON decodes the policy and back-fills Retries and RetryDelay
// from the deprecated fields as Prefect's validator does.
func (p *FlowRunPolicy) UnmarshalJSON(b []byte) error {
	type plain FlowRunPolicy
	var v plain
	if err := decodeJSON(b, &v); err != nil {
		return err
	}
	*p = FlowRunPolicy(v)
	p.Retries = backfillRetries(p.Retries, p.MaxRetries)
	if (p.RetryDelay == nil || *p.RetryDelay == 0) && p.RetryDelaySeconds != 0 {
		d, err := delaySeconds(float64(p.RetryDelaySeconds))
		if err != nil {
			return err
		}
		p.RetryDelay = &d
	}
	return nil
}

// TaskRunPolicy is Prefect's TaskRunPolicy (column task_run.empirical_policy).
// The zero value marshals as Prefect's default:
// {"max_retries": 0, "retry_delay_seconds": 0.0, "retries": null,
// "retry_delay": null, "retry_jitter_factor": null}.
//
// Unmarshalling applies Prefect's back-fill of the deprecated fields, as for
// FlowRunPolicy.
type TaskRunPolicy struct {
	// MaxRetries is deprecated; use Retries.
	MaxRetries int `json:"max_retries"`
	// RetryDelaySeconds is deprecated; use RetryDelay.
	RetryDelaySeconds Float `json:"retry_delay_seconds"`
	// Retries is how many times a failed task run is retried (nil: not set,
	// none).
	Retries *int `json:"retries"`
	// RetryDelay is one delay, or one per retry, in seconds.
	RetryDelay *TaskRetryDelay `json:"retry_delay"`
	// RetryJitterFactor is >= 0 when set.
	RetryJitterFactor *Float `json:"retry_jitter_factor"`
}

// UnmarshalJSON decodes the policy and back-fills Retries and RetryDelay
// from the deprecated fields as Prefect's validator does.
func (p *TaskRunPolicy) UnmarshalJSON(b []byte) error {
	type plain TaskRunPolicy
	var v plain
	if err := decodeJSON(b, &v); err != nil {
		return err
	}
	*p = TaskRunPolicy(v)
	p.Retries = backfillRetries(p.Retries, p.MaxRetries)
	if p.RetryDelay.isFalsy() && p.RetryDelaySeconds != 0 {
		d, err := delaySeconds(float64(p.RetryDelaySeconds))
		if err != nil {
			return err
		}
		p.RetryDelay = RetryDelayOf(d)
	}
	return nil
}

// backfillRetries implements Prefect's rule "if retries is falsy and
// max_retries != 0, retries := max_retries". The matching rule for
// retry_delay copies retry_delay_seconds into the integer retry_delay, which
// Prefect's validator then refuses when it has a fractional part
// (delaySeconds).
func backfillRetries(retries *int, maxRetries int) *int {
	if (retries == nil || *retries == 0) && maxRetries != 0 {
		r := maxRetries
		return &r
	}
	return retries
}

// TaskRetryDelay is TaskRunPolicy.retry_delay: either one delay in seconds
// for every retry (an integer in JSON) or one delay per retry (a list of at
// most 50 integers). A non-nil List selects the list form.
type TaskRetryDelay struct {
	// Seconds is the one delay, used when List is nil.
	Seconds int
	// List holds one delay per retry; when not nil it is written instead of
	// Seconds.
	List []int
}

// RetryDelayOf returns a single retry delay of the given seconds.
func RetryDelayOf(seconds int) *TaskRetryDelay { return &TaskRetryDelay{Seconds: seconds} }

// RetryDelayList returns a per-retry list of delays in seconds.
func RetryDelayList(seconds ...int) *TaskRetryDelay {
	if seconds == nil {
		seconds = []int{}
	}
	return &TaskRetryDelay{List: seconds}
}

// isFalsy reports whether d is None, 0 or an empty list in Python terms.
func (d *TaskRetryDelay) isFalsy() bool {
	if d == nil {
		return true
	}
	if d.List != nil {
		return len(d.List) == 0
	}
	return d.Seconds == 0
}

// MarshalJSON writes the list form when List is non-nil, else the integer.
func (d TaskRetryDelay) MarshalJSON() ([]byte, error) {
	if d.List != nil {
		return json.Marshal(d.List)
	}
	return json.Marshal(d.Seconds)
}

// UnmarshalJSON reads an integer or a list of integers; whole-number floats
// are accepted as Pydantic's lax mode does.
func (d *TaskRetryDelay) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '[' {
		var raw []json.Number
		if err := decodeJSON(b, &raw); err != nil {
			return fmt.Errorf("prefectorm: invalid retry_delay %s: %w", b, err)
		}
		list := make([]int, len(raw))
		for i, n := range raw {
			v, err := wholeNumber(n)
			if err != nil {
				return err
			}
			list[i] = v
		}
		*d = TaskRetryDelay{List: list}
		return nil
	}
	var n json.Number
	if err := decodeJSON(b, &n); err != nil {
		return fmt.Errorf("prefectorm: invalid retry_delay %s: %w", b, err)
	}
	v, err := wholeNumber(n)
	if err != nil {
		return err
	}
	*d = TaskRetryDelay{Seconds: v}
	return nil
}

// wholeNumber converts a JSON number without a fractional part to an int.
func wholeNumber(n json.Number) (int, error) {
	if i, err := n.Int64(); err == nil {
		return int(i), nil
	}
	f, err := n.Float64()
	if err != nil || f != math.Trunc(f) {
		return 0, fmt.Errorf("prefectorm: invalid retry_delay %s: not an integer", n)
	}
	i, ok := floatInt(f)
	if !ok {
		return 0, fmt.Errorf("prefectorm: invalid retry_delay %s: out of range", n)
	}
	return i, nil
}

// delaySeconds converts retry_delay_seconds for the back-fill of the integer
// retry_delay: a fractional value is an error naming the field and the
// value, as Prefect's model refuses it, never a silent truncation.
func delaySeconds(f float64) (int, error) {
	if f != math.Trunc(f) && !math.IsInf(f, 0) {
		return 0, fmt.Errorf("prefectorm: invalid retry_delay_seconds %v: not a whole number of seconds (it is copied into the integer retry_delay)", f)
	}
	d, ok := floatInt(f)
	if !ok {
		return 0, fmt.Errorf("prefectorm: invalid retry_delay_seconds %v: out of range", f)
	}
	return d, nil
}

// floatInt truncates f to an int as Python's int() does; ok is false for
// NaN, ±Inf and values an int cannot hold.
func floatInt(f float64) (int, bool) {
	f = math.Trunc(f)
	if math.IsNaN(f) || f >= math.MaxInt64 || f < math.MinInt64 {
		return 0, false
	}
	return int(f), true
}

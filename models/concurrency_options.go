package models

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// ConcurrencyLimitStrategy is Prefect's ConcurrencyLimitStrategy: what
// happens to a deployment's new run when its concurrency limit is reached.
type ConcurrencyLimitStrategy string

// ConcurrencyLimitStrategy values.
const (
	// CollisionEnqueue queues the run until a slot frees.
	CollisionEnqueue ConcurrencyLimitStrategy = "ENQUEUE"
	// CollisionCancelNew cancels the new run.
	CollisionCancelNew ConcurrencyLimitStrategy = "CANCEL_NEW"
)

// Valid reports whether s is one of Prefect's strategies.
func (s ConcurrencyLimitStrategy) Valid() bool {
	return s == CollisionEnqueue || s == CollisionCancelNew
}

// Grace period bounds of ConcurrencyOptions, in seconds (Prefect's ge/le).
const (
	minGracePeriodSeconds = 60
	maxGracePeriodSeconds = 86400
)

// ConcurrencyOptions is Prefect's ConcurrencyOptions, the typed JSON of
// deployment.concurrency_options (added in Prefect 3.0.3; the column is
// nullable, use JSON[*ConcurrencyOptions]). It is written with both keys,
// grace_period_seconds null when unset, as Prefect 3.8.3 writes it; a
// document without grace_period_seconds (written by Prefect before it had
// the field) reads as nil.
type ConcurrencyOptions struct {
	CollisionStrategy ConcurrencyLimitStrategy `json:"collision_strategy"`
	// GracePeriodSeconds is how long infrastructure may take to start
	// before the run's slot is revoked (60 … 86400; nil: the server
	// setting).
	GracePeriodSeconds *int `json:"grace_period_seconds"`
}

// Validate reports a strategy Prefect does not know or a grace period out
// of range, naming the field.
func (o ConcurrencyOptions) Validate() error {
	if !o.CollisionStrategy.Valid() {
		return fmt.Errorf("prefectorm: deployment.concurrency_options: collision_strategy %q is not ENQUEUE or CANCEL_NEW", string(o.CollisionStrategy))
	}
	if g := o.GracePeriodSeconds; g != nil && (*g < minGracePeriodSeconds || *g > maxGracePeriodSeconds) {
		return fmt.Errorf("prefectorm: deployment.concurrency_options: grace_period_seconds %d is outside %d…%d", *g, minGracePeriodSeconds, maxGracePeriodSeconds)
	}
	return nil
}

// MarshalJSON validates o and writes it in Prefect's key order.
func (o ConcurrencyOptions) MarshalJSON() ([]byte, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	grace := "null"
	if o.GracePeriodSeconds != nil {
		grace = strconv.Itoa(*o.GracePeriodSeconds)
	}
	return []byte(`{"collision_strategy":"` + string(o.CollisionStrategy) + `","grace_period_seconds":` + grace + `}`), nil
}

// UnmarshalJSON reads a ConcurrencyOptions document: collision_strategy is
// required, unknown keys and out-of-range values are errors (an unknown key
// would be lost when the row is written back).
func (o *ConcurrencyOptions) UnmarshalJSON(b []byte) error {
	type plain ConcurrencyOptions
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return fmt.Errorf("prefectorm: deployment.concurrency_options %s: %w", truncateDoc(b), err)
	}
	if raw == nil {
		return fmt.Errorf("prefectorm: deployment.concurrency_options: null is not an object")
	}
	for k := range raw {
		if k != "collision_strategy" && k != "grace_period_seconds" {
			return fmt.Errorf("prefectorm: deployment.concurrency_options: unknown key %q", k)
		}
	}
	if _, ok := raw["collision_strategy"]; !ok {
		return fmt.Errorf("prefectorm: deployment.concurrency_options: collision_strategy is missing")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	var p plain
	if err := dec.Decode(&p); err != nil {
		return fmt.Errorf("prefectorm: deployment.concurrency_options %s: %w", truncateDoc(b), err)
	}
	if err := ConcurrencyOptions(p).Validate(); err != nil {
		return err
	}
	*o = ConcurrencyOptions(p)
	return nil
}

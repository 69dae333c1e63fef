package models

import (
	"math"
)

// maxRetryDelays is how many per-retry delays a task run policy may list.
const maxRetryDelays = 50

// validateRetryDelaySeconds checks the deprecated retry_delay_seconds: it
// must be finite (NaN and ±Inf would be written as null, which Prefect's
// float field refuses), and when retry_delay is unset (delayUnset) Prefect
// copies it into the integer retry_delay, which refuses a fraction.
func validateRetryDelaySeconds(seconds Float, delayUnset bool) error {
	v := float64(seconds)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return invalid("retry_delay_seconds", v, "retry_delay_seconds must be a finite number")
	}
	if delayUnset && v != 0 && v != math.Trunc(v) {
		return invalid("retry_delay_seconds", seconds, "with retry_delay unset Prefect copies retry_delay_seconds into the integer retry_delay, which refuses a fractional number")
	}
	return nil
}

// Validate applies FlowRunPolicy's rules (see validateRetryDelaySeconds).
func (p FlowRunPolicy) Validate() error {
	return validateRetryDelaySeconds(p.RetryDelaySeconds, p.RetryDelay == nil || *p.RetryDelay == 0)
}

// Validate applies TaskRunPolicy's rules: at most 50 retry delays, a
// retry_jitter_factor that is finite and not negative, and those of
// validateRetryDelaySeconds.
func (p TaskRunPolicy) Validate() error {
	if err := validateRetryDelaySeconds(p.RetryDelaySeconds, p.RetryDelay.isFalsy()); err != nil {
		return err
	}
	if p.RetryDelay != nil && len(p.RetryDelay.List) > maxRetryDelays {
		return invalid("retry_delay", len(p.RetryDelay.List), "Can not configure more than 50 retry delays per task.")
	}
	if p.RetryJitterFactor != nil {
		v := float64(*p.RetryJitterFactor)
		switch {
		case math.IsNaN(v) || math.IsInf(v, 0):
			return invalid("retry_jitter_factor", v, "retry_jitter_factor must be a finite number")
		case v < 0:
			return invalid("retry_jitter_factor", *p.RetryJitterFactor, "`retry_jitter_factor` must be >= 0.")
		}
	}
	return nil
}

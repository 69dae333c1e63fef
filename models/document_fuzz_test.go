package models

import (
	"errors"
	"testing"
)

// fuzzDocument reads b through a JSON[T] column (Scan, as a row is read)
// and validates it: it must never panic, a refusal must be a
// *DocumentError, and a valid document must be written (Value), read back
// and validated again unchanged: the second write equals the first.
func fuzzDocument[T any](f *testing.F) {
	f.Fuzz(func(t *testing.T, b []byte) {
		var col JSON[T]
		if err := col.Scan(b); err != nil {
			return
		}
		if err := col.Validate(); err != nil {
			var de *DocumentError
			if !errors.As(err, &de) {
				t.Fatalf("Validate returned %T, want *DocumentError: %v", err, err)
			}
			_ = err.Error()
			return
		}
		first, err := col.Value()
		if err != nil {
			t.Fatalf("valid document %s does not encode: %v", b, err)
		}
		var again JSON[T]
		if err := again.Scan(first); err != nil {
			t.Fatalf("written document %v does not read back: %v", first, err)
		}
		if err := again.Validate(); err != nil {
			t.Fatalf("written document %v is refused on read back: %v", first, err)
		}
		second, err := again.Value()
		if err != nil {
			t.Fatalf("read-back document does not encode: %v", err)
		}
		if first != second {
			t.Fatalf("round trip changed the document:\nread  %s\nfirst  %v\nsecond %v", b, first, second)
		}
	})
}

func FuzzAction(f *testing.F)        { fuzzDocument[Action](f) }
func FuzzTrigger(f *testing.F)       { fuzzDocument[ServerTriggerTypes](f) }
func FuzzFiring(f *testing.F)        { fuzzDocument[Firing](f) }
func FuzzReceivedEvent(f *testing.F) { fuzzDocument[ReceivedEvent](f) }
func FuzzSchedule(f *testing.F)      { fuzzDocument[Schedule](f) }
func FuzzFlowRunPolicy(f *testing.F) { fuzzDocument[FlowRunPolicy](f) }
func FuzzTaskRunPolicy(f *testing.F) { fuzzDocument[TaskRunPolicy](f) }
func FuzzTaskInputs(f *testing.F)    { fuzzDocument[TaskInputs](f) }
func FuzzQueueFilter(f *testing.F)   { fuzzDocument[QueueFilter](f) }
func FuzzCreatedBy(f *testing.F)     { fuzzDocument[CreatedBy](f) }
func FuzzUpdatedBy(f *testing.F)     { fuzzDocument[UpdatedBy](f) }
func FuzzStateDetails(f *testing.F)  { fuzzDocument[StateDetails](f) }

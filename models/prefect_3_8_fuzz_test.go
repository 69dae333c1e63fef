package models_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/prefectorm/prefectorm/models"
)

// fuzzRoundTrip is the property shared by the typed documents of Prefect
// 3.8: a document that reads without error writes without error, reads
// back to the same value, and writes the same bytes again.
func fuzzRoundTrip[T any](t *testing.T, doc []byte) {
	var first T
	if err := json.Unmarshal(doc, &first); err != nil {
		return
	}
	out, err := models.MarshalPythonJSON(first)
	if err != nil {
		t.Fatalf("%s read as %+v but does not write: %v", doc, first, err)
	}
	var second T
	if err := json.Unmarshal(out, &second); err != nil {
		t.Fatalf("%s wrote %s, which does not read: %v", doc, out, err)
	}
	if !reflect.DeepEqual(first, second) {
		t.Fatalf("%s read as %+v, wrote %s, read back as %+v", doc, first, out, second)
	}
	again, err := models.MarshalPythonJSON(second)
	if err != nil || !bytes.Equal(out, again) {
		t.Fatalf("%s: second write %s (%v), first %s", doc, again, err, out)
	}
}

// FuzzKeyValueLabels round-trips labels documents (flow.labels, ...).
func FuzzKeyValueLabels(f *testing.F) {
	for _, s := range []string{`{}`, `{"a": "b", "n": 1, "f": 1.0, "t": true}`, `{"big": 1e300, "neg": -0.0}`, `{"a": null}`, `{"u": "\u00e9\ud83d\ude00"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, doc []byte) { fuzzRoundTrip[models.KeyValueLabels](t, doc) })
}

// FuzzConcurrencyOptions round-trips deployment.concurrency_options.
func FuzzConcurrencyOptions(f *testing.F) {
	for _, s := range []string{`{"collision_strategy": "ENQUEUE"}`, `{"collision_strategy": "CANCEL_NEW", "grace_period_seconds": 60}`, `{"collision_strategy": "ENQUEUE", "grace_period_seconds": 86401}`, `{"collision_strategy": "ENQUEUE", "grace_period_seconds": 1.5}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, doc []byte) { fuzzRoundTrip[models.ConcurrencyOptions](t, doc) })
}

// FuzzWorkPoolStorageConfiguration round-trips
// work_pool.storage_configuration.
func FuzzWorkPoolStorageConfiguration(f *testing.F) {
	for _, s := range []string{`{}`, `{"bundle_upload_step": {"a": {"b": [1, 2.5]}}, "bundle_execution_step": null, "default_result_storage_block_id": "3f2504e0-4f89-41d3-9a0c-0305e82c3301"}`, `{"other": 1}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, doc []byte) { fuzzRoundTrip[models.WorkPoolStorageConfiguration](t, doc) })
}

// FuzzVersionInfo round-trips deployment_version.version_info.
func FuzzVersionInfo(f *testing.F) {
	for _, s := range []string{`{}`, `{"type": "prefect:simple", "version": "1"}`, `{"type": "vcs:git", "version": "abc", "branch": "main", "n": 12345678901234567890}`, `{"type": "", "version": "1"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, doc []byte) { fuzzRoundTrip[models.VersionInfo](t, doc) })
}

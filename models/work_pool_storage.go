package models

import (
	"encoding/json"
	"fmt"
)

// WorkPoolStorageConfiguration is Prefect's WorkPoolStorageConfiguration,
// the typed JSON of work_pool.storage_configuration (added in Prefect
// 3.2.14; NOT NULL, server default {}): where a work pool's workers upload
// and execute flow bundles, and its default result storage. Every key is
// written, null when unset, as Prefect writes it; reading accepts {} (the
// server default) and, like Prefect's model (extra="forbid"), rejects
// unknown keys.
type WorkPoolStorageConfiguration struct {
	// BundleUploadStep is the step the pool's workers run to upload a flow
	// bundle.
	BundleUploadStep map[string]any `json:"bundle_upload_step"`
	// BundleExecutionStep is the step that downloads and runs a bundle.
	BundleExecutionStep map[string]any `json:"bundle_execution_step"`
	// DefaultResultStorageBlockID is the block document results are stored
	// with by default.
	DefaultResultStorageBlockID *UUID `json:"default_result_storage_block_id"`
}

// UnmarshalJSON reads a storage configuration document.
func (c *WorkPoolStorageConfiguration) UnmarshalJSON(b []byte) error {
	type plain WorkPoolStorageConfiguration
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return fmt.Errorf("prefectorm: work_pool.storage_configuration %s: %w", truncateDoc(b), err)
	}
	if raw == nil {
		return fmt.Errorf("prefectorm: work_pool.storage_configuration: null is not an object")
	}
	for k := range raw {
		switch k {
		case "bundle_upload_step", "bundle_execution_step", "default_result_storage_block_id":
		default:
			return fmt.Errorf("prefectorm: work_pool.storage_configuration: unknown key %q", k)
		}
	}
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return fmt.Errorf("prefectorm: work_pool.storage_configuration %s: %w", truncateDoc(b), err)
	}
	*c = WorkPoolStorageConfiguration(p)
	return nil
}

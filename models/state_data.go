package models

import (
	"encoding/json"
	"fmt"

	"gorm.io/gorm"
)

// Data returns the state's result as Prefect's FlowRunState.data does: the
// inline data when it is truthy, else the result artifact's data, else nil.
// It uses ResultArtifact when preloaded and reads the artifact through tx
// otherwise.
func (s *FlowRunState) Data(tx *gorm.DB) (any, error) {
	return stateData(tx, s.InlineData.V, s.ResultArtifactID, &s.ResultArtifact)
}

// Data returns the state's result as Prefect's TaskRunState.data does: the
// inline data when it is truthy, else the result artifact's data, else nil.
// It uses ResultArtifact when preloaded and reads the artifact through tx
// otherwise.
func (s *TaskRunState) Data(tx *gorm.DB) (any, error) {
	return stateData(tx, s.InlineData.V, s.ResultArtifactID, &s.ResultArtifact)
}

func stateData(tx *gorm.DB, inline any, artifactID *UUID, artifact **Artifact) (any, error) {
	if truthy(inline) {
		return inline, nil
	}
	if artifactID == nil {
		return nil, nil
	}
	if *artifact == nil || (*artifact).ID != *artifactID {
		var a Artifact
		if err := tx.Where("id = ?", *artifactID).Take(&a).Error; err != nil {
			return nil, fmt.Errorf("prefectorm: read result artifact %s: %w", *artifactID, err)
		}
		*artifact = &a
	}
	return (*artifact).Data.V, nil
}

// truthy reports whether v is truthy in Python's sense: not None, not an
// empty object, array or string, not zero and not false.
func truthy(v any) bool {
	switch v := v.(type) {
	case nil:
		return false
	case bool:
		return v
	case string:
		return v != ""
	case json.Number:
		f, err := v.Float64()
		return err != nil || f != 0
	case float64:
		return v != 0
	case int:
		return v != 0
	case int64:
		return v != 0
	case map[string]any:
		return len(v) > 0
	case []any:
		return len(v) > 0
	}
	return true
}

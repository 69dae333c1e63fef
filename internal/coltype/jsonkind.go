package coltype

import (
	"encoding/json"
	"fmt"
)

// JSONKind names the kind of a decoded JSON value for error messages
// ("JSON object", "JSON string", ...) without showing the value.
func JSONKind(v any) string {
	switch v.(type) {
	case nil:
		return "JSON null"
	case map[string]any:
		return "JSON object"
	case []any:
		return "JSON array"
	case string:
		return "JSON string"
	case bool:
		return "JSON boolean"
	case json.Number, float64, int64:
		return "JSON number"
	}
	return fmt.Sprintf("Go value of type %T", v)
}

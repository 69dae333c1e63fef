package models

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
)

// VersionInfo is Prefect's VersionInfo, the typed JSON of
// deployment_version.version_info (NOT NULL, server default {}): the kind of
// version (e.g. "prefect:simple", "vcs:git") and the version itself, plus
// any further keys (Prefect's model has extra="allow"), e.g. a commit sha
// and branch for a VCS version.
//
// The zero VersionInfo is the server default {} and is written as {}; any
// other value needs both Type and Version. Extra keys are written after
// type and version, sorted by name (Prefect keeps the order it was given;
// the documents are equal as JSON).
type VersionInfo struct {
	// Type is the kind of version, e.g. prefect:simple or vcs:git.
	Type string
	// Version is the version string.
	Version string
	// Extra holds the keys other than type and version.
	Extra map[string]any
}

// IsZero reports whether v is the empty document {}.
func (v VersionInfo) IsZero() bool { return v.Type == "" && v.Version == "" && len(v.Extra) == 0 }

// MarshalJSON writes {} for the zero value, else type, version and the
// extra keys.
func (v VersionInfo) MarshalJSON() ([]byte, error) {
	if v.IsZero() {
		return []byte("{}"), nil
	}
	if v.Type == "" || v.Version == "" {
		return nil, fmt.Errorf("prefectorm: deployment_version.version_info: type %q and version %q are both required", v.Type, v.Version)
	}
	var buf bytes.Buffer
	buf.WriteByte('{')
	write := func(k string, val any) error {
		kb, _ := json.Marshal(k)
		vb, err := json.Marshal(val)
		if err != nil {
			return fmt.Errorf("prefectorm: deployment_version.version_info.%s: %w", k, err)
		}
		if buf.Len() > 1 {
			buf.WriteByte(',')
		}
		buf.Write(kb)
		buf.WriteByte(':')
		buf.Write(vb)
		return nil
	}
	if err := write("type", v.Type); err != nil {
		return nil, err
	}
	if err := write("version", v.Version); err != nil {
		return nil, err
	}
	keys := make([]string, 0, len(v.Extra))
	for k := range v.Extra {
		if k == "type" || k == "version" {
			return nil, fmt.Errorf("prefectorm: deployment_version.version_info: extra key %q duplicates a field", k)
		}
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if err := write(k, v.Extra[k]); err != nil {
			return nil, err
		}
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// UnmarshalJSON reads {} as the zero value, else a document with the
// strings type and version and any extra keys (numbers kept as
// json.Number, so they are written back as they were).
func (v *VersionInfo) UnmarshalJSON(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var raw map[string]any
	if err := dec.Decode(&raw); err != nil {
		return fmt.Errorf("prefectorm: deployment_version.version_info %s: %w", truncateDoc(b), err)
	}
	if raw == nil {
		return fmt.Errorf("prefectorm: deployment_version.version_info: null is not an object")
	}
	if len(raw) == 0 {
		*v = VersionInfo{}
		return nil
	}
	var out VersionInfo
	for _, k := range []string{"type", "version"} {
		s, ok := raw[k].(string)
		if !ok || s == "" {
			return fmt.Errorf("prefectorm: deployment_version.version_info.%s: %s, want a non-empty string", k, describeJSON(raw[k]))
		}
		if k == "type" {
			out.Type = s
		} else {
			out.Version = s
		}
		delete(raw, k)
	}
	if len(raw) > 0 {
		out.Extra = raw
	}
	*v = out
	return nil
}

// describeJSON renders a decoded JSON value for an error message.
func describeJSON(x any) string {
	if x == nil {
		return "missing or null"
	}
	b, err := json.Marshal(x)
	if err != nil {
		return fmt.Sprintf("%v", x)
	}
	return truncateDoc(b)
}

package models

import (
	"database/sql/driver"
	"fmt"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/schema"
)

// UUID is Prefect's UUID column type: native uuid on PostgreSQL, CHAR(36)
// lower-case hyphenated text on SQLite. Use *UUID for nullable columns.
type UUID uuid.UUID

// NewUUID returns a random (version 4) UUID.
func NewUUID() UUID { return UUID(uuid.New()) }

// ParseUUID parses the textual forms uuid.Parse accepts.
func ParseUUID(s string) (UUID, error) {
	u, err := uuid.Parse(s)
	if err != nil {
		return UUID{}, fmt.Errorf("prefectorm: invalid UUID %q: %w", s, err)
	}
	return UUID(u), nil
}

// MustParseUUID is ParseUUID that panics on error, for constants and tests.
func MustParseUUID(s string) UUID {
	u, err := ParseUUID(s)
	if err != nil {
		panic(err)
	}
	return u
}

// String returns the canonical lower-case hyphenated form.
func (u UUID) String() string { return uuid.UUID(u).String() }

// IsZero reports whether u is the all-zero UUID.
func (u UUID) IsZero() bool { return u == UUID{} }

// Ptr returns a pointer to a copy of u, for nullable UUID columns.
func (u UUID) Ptr() *UUID { return &u }

// GormDataType returns the generic data type name GORM uses for UUIDs.
func (UUID) GormDataType() string { return "uuid" }

// GormDBDataType returns UUID on PostgreSQL and CHAR(36) elsewhere.
func (UUID) GormDBDataType(db *gorm.DB, _ *schema.Field) string {
	if isPostgres(db) {
		return "UUID"
	}
	return "CHAR(36)"
}

// Value returns the canonical text form, which both dialects store.
func (u UUID) Value() (driver.Value, error) { return u.String(), nil }

// Scan reads a UUID stored as text (the forms uuid.Parse accepts, as
// Python's uuid.UUID does) or as 16 raw bytes. Anything else is a
// *ValueError quoting the stored value.
func (u *UUID) Scan(src any) (err error) {
	defer recoverScan(&err, "UUID", src)
	switch v := src.(type) {
	case string:
		return u.scanText(v, src)
	case []byte:
		if len(v) == 16 {
			copy(u[:], v)
			return nil
		}
		return u.scanText(string(v), src)
	case [16]byte:
		*u = UUID(v)
		return nil
	case nil:
		return &ValueError{Type: "UUID", Value: "NULL", Reason: "the column is not nullable (use *models.UUID)"}
	}
	return valueError("UUID", src, "not UUID text")
}

func (u *UUID) scanText(s string, src any) error {
	parsed, err := uuid.Parse(s)
	if err != nil {
		return valueError("UUID", src, "%v", err)
	}
	*u = UUID(parsed)
	return nil
}

// MarshalText returns the canonical text form.
func (u UUID) MarshalText() ([]byte, error) { return []byte(u.String()), nil }

// UnmarshalText parses the textual forms uuid.Parse accepts.
func (u *UUID) UnmarshalText(b []byte) error {
	parsed, err := ParseUUID(string(b))
	if err != nil {
		return err
	}
	*u = parsed
	return nil
}

package dialects

import (
	"github.com/prefectorm/prefectorm/internal/coltype"
	"github.com/prefectorm/prefectorm/models"
)

// valueForm converts column values to what the bulk path sends to one
// backend: on SQLite what GORM sends (UUID text, timestamps in
// coltype.SQLiteTimeLayout), on PostgreSQL the types pgx encodes natively
// (binary uuid, timestamptz from time.Time, int16 for SMALLINT).
type valueForm struct{ postgres bool }

// id is a UUID column's value.
func (f valueForm) id(u models.UUID) any {
	if f.postgres {
		return [16]byte(u)
	}
	return u.String()
}

// idPtr is a nullable UUID column's value (nil for NULL).
func (f valueForm) idPtr(u *models.UUID) any {
	if u == nil {
		return nil
	}
	return f.id(*u)
}

// time is a timestamp column's value.
func (f valueForm) time(t models.Timestamp) any {
	if f.postgres {
		return t.UTC()
	}
	return coltype.SQLiteTime(t.Time)
}

// smallint is a SMALLINT column's value.
func (f valueForm) smallint(v int) any {
	if f.postgres {
		return int16(v)
	}
	return int64(v)
}

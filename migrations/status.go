package migrations

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/dialects"
)

// Report is the migration state of a database, as Status reads it.
type Report struct {
	// Versions lists every version of the dialect, oldest first.
	Versions []VersionStatus
	// AlembicRevision is Prefect's alembic_version row ("" when there is none).
	AlembicRevision string
	// Adoptable is true for a database that Prefect's own migrations (or
	// CreateSchema) brought to a known revision past the versions recorded
	// in TableName: the next Upgrade, Migrate, Downgrade or Reset records
	// the versions up to AdoptTo as applied without running them.
	Adoptable bool
	// AdoptTo is the newest version an adoption records ("" unless
	// Adoptable).
	AdoptTo string
	// Refusal is the error Upgrade would return for this database without
	// changing it (nil when it would proceed); it wraps ErrRefused.
	Refusal error
	// OwnIndexesToDrop lists, with PrefectSchemaOnly, the own-index versions
	// the database has (recorded, or with their indexes present; they are
	// not among Versions) that the next Upgrade, Migrate, Downgrade or
	// Reset with that option rolls back, oldest first.
	OwnIndexesToDrop []string
}

// VersionStatus is one version in a Report.
type VersionStatus struct {
	ID      string
	Applied bool
	// AppliedAt is when the version was applied (UTC); zero when pending.
	AppliedAt time.Time
	// AlembicRevision is Prefect's revision of the schema after the version.
	AlembicRevision string
	// OwnIndex marks a version of prefectorm's own indexes: it shares its
	// predecessor's AlembicRevision and PrefectSchemaOnly leaves it out.
	OwnIndex bool
}

// Current returns the newest applied version, or Base when none is.
func (r *Report) Current() string {
	cur := Base
	for _, v := range r.Versions {
		if v.Applied {
			cur = v.ID
		}
	}
	return cur
}

// Pending returns the versions not applied yet, oldest first.
func (r *Report) Pending() []string {
	var out []string
	for _, v := range r.Versions {
		if !v.Applied {
			out = append(out, v.ID)
		}
	}
	return out
}

// Status reads which versions are applied, and when, without taking the
// migration lock or changing anything. Versions an adoption would record
// are reported as pending. With PrefectSchemaOnly, Versions leaves the
// own-index versions out.
func Status(ctx context.Context, db *gorm.DB, d dialects.Dialect, opts ...Option) (*Report, error) {
	r, err := newRunner(d, opts)
	if err != nil {
		return nil, err
	}
	st, err := readState(db.WithContext(ctx), d)
	if err != nil {
		return nil, err
	}
	rep := &Report{}
	if len(st.alembic) == 1 {
		rep.AlembicRevision = st.alembic[0]
	}
	v, err := r.judge(st)
	rep.Refusal = err
	if err == nil && v.adopting() {
		rep.Adoptable, rep.AdoptTo = true, r.versions[v.adopt].ID
	}
	for _, ver := range r.versions {
		at, ok := st.applied[ver.ID]
		rep.Versions = append(rep.Versions, VersionStatus{ID: ver.ID, Applied: ok, AppliedAt: at, AlembicRevision: ver.revision, OwnIndex: ver.own})
	}
	for _, ver := range r.excluded {
		if st.hasVersion(ver) {
			rep.OwnIndexesToDrop = append(rep.OwnIndexesToDrop, ver.ID)
		}
	}
	return rep, nil
}

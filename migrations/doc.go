// Package migrations creates and evolves Prefect's schema on SQLite and
// PostgreSQL.
//
// The versions of each dialect are frozen SQL (packages migrations/sqlite and
// migrations/postgres, numbered alike), one per Prefect Alembic revision: the
// first, 0001_prefect_3_0, builds Prefect 3.0's schema, and each version
// writes its revision to alembic_version. Upgrade, Migrate (the startup
// call), Downgrade, Reset and Stamp run under a database-wide migration lock
// (PostgreSQL: the session-level advisory lock AdvisoryLockKey on one pinned
// connection; SQLite: BEGIN IMMEDIATE for each step, the bookkeeping re-read
// under it), so concurrent callers apply each version exactly once. Each
// version runs in its own transaction together with its bookkeeping row (in
// TableName, with applied_at) and its alembic_version write; a PostgreSQL
// version marked no-transaction (CREATE INDEX CONCURRENTLY) runs statement
// by statement in autocommit, after dropping an INVALID index an interrupted
// build left, and is recorded, with its alembic_version write, once it has
// run. A failed, killed or cancelled run therefore leaves the database at a
// version boundary, and calling again finishes the job.
//
// Targets are given with To (a version id, or Base) or ToPrefect (a Prefect
// release such as "3.6.29", see PrefectVersion); Upgrade and Migrate default
// to the latest version.
//
// A database built by Prefect at any revision of the chain (releases 3.0 to
// 3.8.3 and the revisions between them), or by CreateSchema, is adopted: it
// is recognised from its alembic_version revision and the tables of that
// revision, and recorded as having exactly the versions up to that revision
// applied, with no DDL on Prefect's tables; Upgrade continues from there. A
// database with an unknown Alembic revision, versions unknown to this
// prefectorm, or tables that are neither Prefect's nor prefectorm's is
// refused with an error wrapping ErrRefused, unchanged. Stamp records a
// version without running anything, as Prefect's `database stamp` does.
// Status reports applied and pending versions.
//
// Besides Prefect's versions there are versions of prefectorm's own indexes
// (headers "-- prefectorm: own-index"; 0021_prefectorm_sort_indexes is the
// first): they only create indexes named prefectorm_ix_… that Prefect's
// schema lacks (CONCURRENTLY on PostgreSQL), write no Alembic revision (a
// Prefect server sharing the database still finds its own head) and are
// built by default by Upgrade, Migrate, AutoMigrate and CreateSchema. The
// option PrefectSchemaOnly leaves them out, keeping the schema exactly
// Prefect's, and drops them from a database that has them. A database
// Prefect built at the revision they follow is adopted at Prefect's version
// and then gets them; one CreateSchema built, with their indexes, is
// adopted past them. ToPrefect and PrefectVersion include the own-index
// versions that follow the release's version (they do not change what
// Prefect sees), except in Stamp, which records the release's own version.
//
// CreateSchema builds the schema of the current models directly, without
// versions; tests hold both paths to the same schema.
package migrations

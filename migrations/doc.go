// Package migrations creates and evolves Prefect's schema on SQLite and
// PostgreSQL.
//
// The versions of each dialect are frozen SQL (packages migrations/sqlite and
// migrations/postgres, numbered alike) run with gormigrate; the first,
// 0001_prefect_3_0, builds Prefect 3.0's schema with its alembic_version
// row. Upgrade, Downgrade, Reset and Migrate (the startup call) run in one
// transaction holding a database-wide lock, so concurrent callers apply
// each version exactly once; Status reports applied and pending versions.
// The bookkeeping table is TableName, with applied_at.
//
// A database built by Prefect 3.0 (or by CreateSchema) is adopted: the
// first Upgrade recognises its alembic_version revision and tables, creates
// TableName and records the first version as applied, without any DDL on
// Prefect's tables. A database with an unknown Alembic revision, versions
// unknown to this prefectorm, or tables that are neither Prefect's nor
// prefectorm's is refused with an error wrapping ErrRefused, unchanged.
//
// CreateSchema builds the schema of the current models directly, without
// versions; tests hold both paths to the same schema.
package migrations

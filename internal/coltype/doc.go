// Package coltype holds the plumbing behind prefectorm's column types that
// more than one package needs: Prefect's enum types (their labels, the
// PostgreSQL type names the schema builder creates, the validation the
// hooks run), the text SQLite holds timestamps in, the shape of a Fernet
// token and the names of JSON value kinds in error messages. Package models
// builds its public column types on it; hooks and the backends use it
// directly. None of it is part of prefectorm's public API.
package coltype

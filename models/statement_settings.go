package models

// SkipReturningSetting is the GORM statement setting (db.Set(key, true),
// or Statement.Settings) that asks prefectorm's create callback (package
// hooks) to send an INSERT without RETURNING. Whoever sets it knows that
// RETURNING would only read back values the statement already holds: the
// state transition hooks, which fill every defaulted column of a state,
// and dialects.Upsert, which reads the stored row back itself. Without
// prefectorm's hooks registered the setting is ignored.
const SkipReturningSetting = "prefectorm:skip_returning"

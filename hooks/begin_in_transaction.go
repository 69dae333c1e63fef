package hooks

import (
	"fmt"

	"gorm.io/gorm"
)

// gormBeginTransaction is the name of GORM's callback that opens the
// default transaction of a create, update or delete.
const gormBeginTransaction = "gorm:begin_transaction"

// registerBeginInTransaction wraps GORM's begin_transaction callback of
// creates, updates and deletes so that a statement on a connection that
// cannot begin a transaction (a *sql.Tx: the statement runs inside
// db.Transaction, or in a hook's session of it) skips it. GORM's callback
// would clone the statement twice only to get ErrInvalidTransaction from
// Begin, which it drops: the statement runs in the enclosing transaction
// either way. Every other statement goes to GORM's callback unchanged. The
// wrapper is registered, as GORM's callback is, only when the handle does
// not set SkipDefaultTransaction.
func registerBeginInTransaction(db *gorm.DB) error {
	enabled := func(db *gorm.DB) bool { return !db.SkipDefaultTransaction }
	cb := db.Callback()
	for _, p := range []struct {
		get     func(string) func(*gorm.DB)
		replace func(string, func(*gorm.DB)) error
	}{
		{cb.Create().Get, cb.Create().Match(enabled).Replace},
		{cb.Update().Get, cb.Update().Match(enabled).Replace},
		{cb.Delete().Get, cb.Delete().Match(enabled).Replace},
	} {
		begin := p.get(gormBeginTransaction)
		if begin == nil {
			continue // the handle skips default transactions
		}
		if err := p.replace(gormBeginTransaction, func(db *gorm.DB) {
			if !canBegin(db.Statement.ConnPool) {
				return
			}
			begin(db)
		}); err != nil {
			return fmt.Errorf("prefectorm: wrap %s: %w", gormBeginTransaction, err)
		}
	}
	return nil
}

// canBegin reports whether GORM's Begin can open a transaction on pool.
func canBegin(pool gorm.ConnPool) bool {
	switch pool.(type) {
	case gorm.TxBeginner, gorm.ConnPoolBeginner:
		return true
	}
	return false
}

package models_test

import (
	"fmt"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/models"
)

// overwriteConfiguredKey replaces the stored ENCRYPTION_KEY row's key with
// key in raw SQL, behind EncryptionKey's back.
func overwriteConfiguredKey(t *testing.T, db dbtest.DB, key string) {
	t.Helper()
	err := db.Model(&models.Configuration{}).Where("key = ?", models.EncryptionKeyConfigKey).
		UpdateColumn("value", models.NewJSON(map[string]any{"fernet_key": key})).Error
	if err != nil {
		t.Fatal(err)
	}
}

// TestEncryptionKeyCachedPerDatabase checks that the configured key is
// cached per database for EncryptionKeyTTL: a second database has its own
// key, a change to the row is not seen until the TTL has passed on the
// db's clock (or ForgetEncryptionKey), and transactions use the cache but
// never fill it.
func TestEncryptionKeyCachedPerDatabase(t *testing.T) {
	noKeyEnv(t)
	for _, dialect := range dbtest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			a, b := dbtest.New(t, dialect), dbtest.New(t, dialect)
			keyA, err := models.EncryptionKey(a.DB)
			if err != nil {
				t.Fatal(err)
			}
			keyB, err := models.EncryptionKey(b.DB)
			if err != nil {
				t.Fatal(err)
			}
			if keyA.Encode() == keyB.Encode() {
				t.Fatal("two databases got the same generated key")
			}
			rotated := newKey(t)
			overwriteConfiguredKey(t, a, rotated)
			later := func(d time.Duration) *gorm.DB {
				return a.Session(&gorm.Session{NowFunc: func() time.Time { return time.Now().Add(d) }})
			}
			tests := []struct {
				name string
				db   *gorm.DB
				want string
			}{
				{"cached on the same database", a.DB, keyA.Encode()},
				{"cached inside a transaction", nil, keyA.Encode()},
				{"other database keeps its own key", b.DB, keyB.Encode()},
				{"still cached just before the TTL", later(models.EncryptionKeyTTL - time.Minute), keyA.Encode()},
				{"reread after the TTL", later(models.EncryptionKeyTTL + time.Minute), rotated},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					var got string
					if tt.db == nil {
						err = a.Transaction(func(tx *gorm.DB) error {
							k, err := models.EncryptionKey(tx)
							if err == nil {
								got = k.Encode()
							}
							return err
						})
					} else {
						var k interface{ Encode() string }
						k, err = models.EncryptionKey(tt.db)
						if err == nil {
							got = k.Encode()
						}
					}
					if err != nil {
						t.Fatal(err)
					}
					if got != tt.want {
						t.Errorf("key %s, want %s", got, tt.want)
					}
				})
			}

			// A transaction without a cached key reads the row, every time.
			models.ForgetEncryptionKey(a.DB)
			again := newKey(t)
			for i, want := range []string{again, rotated} {
				err := a.Transaction(func(tx *gorm.DB) error {
					overwriteConfiguredKey(t, dbtest.DB{DB: tx}, want)
					k, err := models.EncryptionKey(tx)
					if err == nil && k.Encode() != want {
						t.Errorf("transaction %d: key %s, want %s", i, k.Encode(), want)
					}
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			if k, err := models.EncryptionKey(a.DB); err != nil || k.Encode() != rotated {
				t.Errorf("after ForgetEncryptionKey: key %v (err %v), want %s", k, err, rotated)
			}
		})
	}
}

// TestEncryptionKeyCachedFromTransactions checks when a key read inside a
// transaction fills the per-database cache: on PostgreSQL when the
// transaction has written nothing (the row it sees is committed), never
// after a write, and never on SQLite, which cannot tell. A cached key is not
// read again: the configuration row is read once, not on every call.
func TestEncryptionKeyCachedFromTransactions(t *testing.T) {
	noKeyEnv(t)
	for _, dialect := range dbtest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			db := dbtest.New(t, dialect)
			reads := 0
			if err := db.Callback().Query().After("gorm:query").Register("test:count_configuration_reads", func(tx *gorm.DB) {
				if tx.Statement.Table == "configuration" {
					reads++
				}
			}); err != nil {
				t.Fatal(err)
			}
			stored, err := models.EncryptionKey(db.DB) // creates the row
			if err != nil {
				t.Fatal(err)
			}
			tests := []struct {
				name       string
				write      bool // the transaction writes before it reads the key
				wantCached bool
			}{
				{"read-only transaction", false, dialect == "postgres"},
				{"transaction that wrote", true, false},
			}
			for i, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					models.ForgetEncryptionKey(db.DB)
					reads = 0
					for range 3 {
						err := db.Transaction(func(tx *gorm.DB) error {
							if tt.write {
								if err := tx.Create(&models.Flow{Name: fmt.Sprintf("%s-%d-%d", tt.name, i, reads)}).Error; err != nil {
									return err
								}
							}
							k, err := models.EncryptionKey(tx)
							if err == nil && k.Encode() != stored.Encode() {
								t.Errorf("key %s, want %s", k.Encode(), stored.Encode())
							}
							return err
						})
						if err != nil {
							t.Fatal(err)
						}
					}
					wantReads := 3
					if tt.wantCached {
						wantReads = 1
					}
					if reads != wantReads {
						t.Errorf("3 transactions read the configuration row %d times, want %d", reads, wantReads)
					}
					// Behind the cache's back: a cached key hides the change.
					rotated := newKey(t)
					overwriteConfiguredKey(t, db, rotated)
					defer overwriteConfiguredKey(t, db, stored.Encode())
					want := rotated
					if tt.wantCached {
						want = stored.Encode()
					}
					if k, err := models.EncryptionKey(db.DB); err != nil || k.Encode() != want {
						t.Errorf("after the transactions: key %v (err %v), want %s", k, err, want)
					}
				})
			}
		})
	}
}

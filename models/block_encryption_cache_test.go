package models_test

import (
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

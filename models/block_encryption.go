package models

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/fernet/fernet-go"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/prefectorm/prefectorm/internal/coltype"
)

// Block document data is encrypted as Prefect's encrypt_data does: the
// plaintext is json.dumps(data), the ciphertext a Fernet token, and the
// block_document.data column holds that token as a JSON string.

const (
	// EncryptionKeyEnv names the environment variable whose value, when set
	// and not empty, is the Fernet key of every block document.
	EncryptionKeyEnv = "PREFECT_SERVER_ENCRYPTION_KEY"
	// LegacyEncryptionKeyEnv is the deprecated name Prefect still reads when
	// EncryptionKeyEnv is not set at all.
	LegacyEncryptionKeyEnv = "ORION_ENCRYPTION_KEY"
	// EncryptionKeyConfigKey is the configuration row holding the generated
	// key as {"fernet_key": "<key>"} when no environment key is given.
	EncryptionKeyConfigKey = "ENCRYPTION_KEY"
)

// EncryptionKey returns the Fernet key block documents are encrypted with,
// looked up as Prefect does: the key in EncryptionKeyEnv when that variable
// is set (else the one in LegacyEncryptionKeyEnv), read on every call, and
// when that value is empty the configuration row EncryptionKeyConfigKey. A
// missing row is created with a new random key. Concurrent first callers all
// get the same key: the row is inserted with ON CONFLICT (key) DO NOTHING
// and read back in one transaction (a savepoint when tx is already a
// transaction).
//
// The key of the configuration row is cached per database (per *sql.DB
// connection pool) for EncryptionKeyTTL, as Prefect caches
// read_configuration_value, so that encrypting and decrypting do not read
// the row every call. The TTL runs on the db's clock (gorm.Config.NowFunc).
// Only a committed key is cached, so a key whose row a transaction inserted
// or changed and then rolled back is never reused: a key read or created
// outside a transaction, or read inside a PostgreSQL transaction that has
// not written anything yet (txid_current_if_assigned() is NULL, so the row
// it sees is committed). SQLite cannot tell whether the open transaction
// wrote the row, so there a transaction reads it until a key read outside
// one fills the cache. A cached key is used inside transactions too.
// ForgetEncryptionKey drops it.
func EncryptionKey(tx *gorm.DB) (*fernet.Key, error) {
	if name, value := envEncryptionKey(); value != "" {
		k, err := fernet.DecodeKey(value)
		if err != nil {
			return nil, fmt.Errorf("prefectorm: environment variable %s does not hold a Fernet key (32 bytes, URL-safe base64): %w", name, err)
		}
		return k, nil
	}
	pool, cacheable := keyCachePool(tx)
	if cacheable {
		if k, ok := keyCache.get(pool, tx.NowFunc()); ok {
			return k, nil
		}
	}
	k, committed, err := configuredKey(tx)
	if err != nil {
		return nil, err
	}
	if cacheable && committed {
		keyCache.put(pool, k, tx.NowFunc().Add(EncryptionKeyTTL))
	}
	return k, nil
}

// configuredKey reads (or creates) the key of the configuration row, and
// reports whether the key is committed (see EncryptionKey), so cacheable.
func configuredKey(tx *gorm.DB) (_ *fernet.Key, committed bool, _ error) {
	db := tx.Session(&gorm.Session{NewDB: true})
	_, inTx := tx.Statement.ConnPool.(gorm.TxCommitter)
	encoded, found, err := readConfiguredKey(db)
	if err != nil {
		return nil, false, err
	}
	committed = !inTx
	if found && inTx && isPostgres(db) {
		// Nothing written yet: the row this transaction sees is committed.
		var unwritten bool
		if err := db.Raw("SELECT txid_current_if_assigned() IS NULL").Scan(&unwritten).Error; err != nil {
			return nil, false, fmt.Errorf("prefectorm: read configuration %s: %w", EncryptionKeyConfigKey, err)
		}
		committed = unwritten
	}
	if !found {
		err := db.Transaction(func(tx *gorm.DB) error {
			var fresh fernet.Key
			if err := fresh.Generate(); err != nil {
				return fmt.Errorf("prefectorm: generate an encryption key: %w", err)
			}
			row := Configuration{Key: EncryptionKeyConfigKey, Value: NewJSON(map[string]any{"fernet_key": fresh.Encode()})}
			if err := tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "key"}}, DoNothing: true}).Create(&row).Error; err != nil {
				return fmt.Errorf("prefectorm: store configuration %s: %w", EncryptionKeyConfigKey, err)
			}
			encoded, found, err = readConfiguredKey(tx)
			if err == nil && !found {
				err = fmt.Errorf("prefectorm: configuration %s is missing after it was stored", EncryptionKeyConfigKey)
			}
			return err
		})
		if err != nil {
			return nil, false, err
		}
	}
	k, err := fernet.DecodeKey(encoded)
	if err != nil {
		return nil, false, fmt.Errorf("prefectorm: configuration %s: fernet_key is not a Fernet key (32 bytes, URL-safe base64): %w", EncryptionKeyConfigKey, err)
	}
	return k, committed, nil
}

// EncryptionKeyTTL is how long EncryptionKey reuses the key it read from a
// database's configuration row: one hour, the TTL of Prefect's
// configuration value cache (BaseQueryComponents._configuration_cache).
const EncryptionKeyTTL = time.Hour

// maxCachedKeys bounds the key cache, as Prefect's TTLCache(maxsize=100).
const maxCachedKeys = 100

// ForgetEncryptionKey drops the cached key of db's database, so that the
// next EncryptionKey reads the configuration row again (after the row was
// changed outside EncryptionKey, for instance).
func ForgetEncryptionKey(db *gorm.DB) {
	if pool, ok := keyCachePool(db); ok {
		keyCache.forget(pool)
	}
}

// keyCachePool returns what identifies db's database in the key cache: its
// *sql.DB (also from inside a transaction), else GORM's connection pool.
func keyCachePool(db *gorm.DB) (any, bool) {
	if sqlDB, err := db.DB(); err == nil && sqlDB != nil {
		return sqlDB, true
	}
	if db.Config != nil && db.Config.ConnPool != nil {
		return db.Config.ConnPool, true
	}
	return nil, false
}

// keyCache holds the configured key of each database, until it expires.
var keyCache = &encryptionKeyCache{entries: map[any]cachedKey{}}

type cachedKey struct {
	key     *fernet.Key
	expires time.Time
}

type encryptionKeyCache struct {
	mu      sync.Mutex
	entries map[any]cachedKey
}

// get returns the unexpired key of pool at now.
func (c *encryptionKeyCache) get(pool any, now time.Time) (*fernet.Key, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[pool]
	if !ok || !now.Before(e.expires) {
		return nil, false
	}
	return e.key, true
}

// put caches the key of pool until expires, first dropping expired entries
// and, when still full, the entry expiring soonest.
func (c *encryptionKeyCache) put(pool any, key *fernet.Key, expires time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := expires.Add(-EncryptionKeyTTL)
	for p, e := range c.entries {
		if !now.Before(e.expires) {
			delete(c.entries, p)
		}
	}
	if _, ok := c.entries[pool]; !ok && len(c.entries) >= maxCachedKeys {
		var soonest any
		for p, e := range c.entries {
			if soonest == nil || e.expires.Before(c.entries[soonest].expires) {
				soonest = p
			}
		}
		delete(c.entries, soonest)
	}
	c.entries[pool] = cachedKey{key: key, expires: expires}
}

func (c *encryptionKeyCache) forget(pool any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.entries, pool)
}

// envEncryptionKey returns the variable Prefect takes the key from and its
// value: os.getenv(PREFECT_SERVER_ENCRYPTION_KEY, os.getenv(ORION_...)), so
// a set but empty new variable hides the deprecated one.
func envEncryptionKey() (name, value string) {
	if v, ok := os.LookupEnv(EncryptionKeyEnv); ok {
		return EncryptionKeyEnv, v
	}
	return LegacyEncryptionKeyEnv, os.Getenv(LegacyEncryptionKeyEnv)
}

// readConfiguredKey reads the fernet_key of the ENCRYPTION_KEY row.
func readConfiguredKey(db *gorm.DB) (key string, found bool, err error) {
	var rows []Configuration
	if err := db.Where(map[string]any{"key": EncryptionKeyConfigKey}).Limit(1).Find(&rows).Error; err != nil {
		return "", false, fmt.Errorf("prefectorm: read configuration %s: %w", EncryptionKeyConfigKey, err)
	}
	if len(rows) == 0 {
		return "", false, nil
	}
	key, ok := rows[0].Value.V["fernet_key"].(string)
	if !ok {
		return "", false, fmt.Errorf("prefectorm: configuration %s has no fernet_key string in its value", EncryptionKeyConfigKey)
	}
	return key, true, nil
}

// EncryptData encrypts data with the block documents' key (EncryptionKey)
// and stores the Fernet token in d.Data, which is not written to the
// database until d is saved. The plaintext is data as Python's json.dumps
// writes it (marshalPythonJSON), so Prefect decrypts it to the same object.
func (d *BlockDocument) EncryptData(tx *gorm.DB, data map[string]any) error {
	plaintext, err := marshalPythonJSON(data)
	if err != nil {
		return fmt.Errorf("prefectorm: %s: encode data as JSON: %w", d.describe(), err)
	}
	k, err := EncryptionKey(tx)
	if err != nil {
		return fmt.Errorf("prefectorm: %s: %w", d.describe(), err)
	}
	token, err := fernet.EncryptAndSign(plaintext, k)
	if err != nil {
		return fmt.Errorf("prefectorm: %s: encrypt data: %w", d.describe(), err)
	}
	d.Data = NewJSON[any](string(token))
	return nil
}

// DecryptData decrypts d.Data with the block documents' key (EncryptionKey),
// without a time limit, and returns the JSON object it holds. Numbers are
// json.Number, keeping their text. Errors name the document and the step
// that failed, never the plaintext.
func (d *BlockDocument) DecryptData(tx *gorm.DB) (map[string]any, error) {
	token, ok := d.Data.V.(string)
	if !ok {
		return nil, fmt.Errorf("prefectorm: %s: data holds a %s, not an encrypted token", d.describe(), coltype.JSONKind(d.Data.V))
	}
	if err := coltype.CheckFernetToken(token); err != nil {
		return nil, fmt.Errorf("prefectorm: %s: cannot decrypt data: %w", d.describe(), err)
	}
	k, err := EncryptionKey(tx)
	if err != nil {
		return nil, fmt.Errorf("prefectorm: %s: %w", d.describe(), err)
	}
	plaintext := fernet.VerifyAndDecrypt([]byte(token), 0, []*fernet.Key{k})
	if plaintext == nil {
		return nil, fmt.Errorf("prefectorm: %s: cannot decrypt data: the token does not verify with the encryption key (a different key, or the token was altered)", d.describe())
	}
	var data map[string]any
	if err := decodeJSON(plaintext, &data); err != nil {
		// Decoder errors may quote plaintext; report only where it failed.
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) {
			return nil, fmt.Errorf("prefectorm: %s: decrypted data is not valid JSON (at byte %d)", d.describe(), syntax.Offset)
		}
		return nil, fmt.Errorf("prefectorm: %s: decrypted data is not a JSON object", d.describe())
	}
	return data, nil
}

// describe names the document in errors: its id and name, never its data.
func (d *BlockDocument) describe() string {
	return fmt.Sprintf("block document %s (name %q)", d.ID, d.Name)
}

package models_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/fernet/fernet-go"

	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/models"
)

// noKeyEnv unsets both encryption key variables for the test, so that the
// key comes from the configuration table.
func noKeyEnv(t *testing.T) {
	t.Helper()
	for _, name := range []string{models.EncryptionKeyEnv, models.LegacyEncryptionKeyEnv} {
		t.Setenv(name, "") // restores the original value afterwards
		if err := os.Unsetenv(name); err != nil {
			t.Fatal(err)
		}
	}
}

// useKey makes key the environment's encryption key for the test.
func useKey(t *testing.T, key string) {
	t.Helper()
	noKeyEnv(t)
	t.Setenv(models.EncryptionKeyEnv, key)
}

// newKey returns a fresh encoded Fernet key.
func newKey(t *testing.T) string {
	t.Helper()
	var k fernet.Key
	if err := k.Generate(); err != nil {
		t.Fatal(err)
	}
	return k.Encode()
}

// blockParents creates a block type and schema for block documents.
func blockParents(t *testing.T, db dbtest.DB) (typeID, schemaID models.UUID) {
	t.Helper()
	typ := models.BlockType{Name: "Secret", Slug: "secret-" + models.NewUUID().String()[:8]}
	if err := db.Create(&typ).Error; err != nil {
		t.Fatal(err)
	}
	schema := models.BlockSchema{Checksum: "sha256:" + typ.Slug, BlockTypeID: typ.ID}
	if err := db.Create(&schema).Error; err != nil {
		t.Fatal(err)
	}
	return typ.ID, schema.ID
}

// storedData returns block_document.data as stored (text) and its JSON type
// as the database reports it (SQLite json_type, PostgreSQL jsonb_typeof).
func storedData(t *testing.T, db dbtest.DB, id models.UUID) (text, jsonType string) {
	t.Helper()
	typeFn := "json_type"
	if db.Dialect.Name() != "sqlite" {
		typeFn = "jsonb_typeof"
	}
	row := struct{ Text, Type string }{}
	if err := db.Raw("SELECT CAST(data AS TEXT) AS text, "+typeFn+"(data) AS type FROM block_document WHERE id = ?", id).Scan(&row).Error; err != nil {
		t.Fatal(err)
	}
	return row.Text, row.Type
}

// decodeJSON decodes s as models.DecryptData does (numbers as json.Number).
func decodeJSON(t *testing.T, s string) any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("decode %q: %v", s, err)
	}
	return v
}

func TestEncryptDataStoresTokenAndDecrypts(t *testing.T) {
	noKeyEnv(t)
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		typeID, schemaID := blockParents(t, db)
		tests := []struct {
			name      string
			data      map[string]any
			plaintext string // what Python's json.dumps writes
		}{
			{"flat", map[string]any{"username": "marvin", "password": "hunter2"}, `{"password": "hunter2", "username": "marvin"}`},
			{"empty", map[string]any{}, `{}`},
			{"nested", map[string]any{"aws": map[string]any{"region": "eu-west-1", "ids": []any{1, "b", nil, true}}},
				`{"aws": {"ids": [1, "b", null, true], "region": "eu-west-1"}}`},
			{"unicode", map[string]any{"greeting": "héllo", "emoji": "🚀"}, `{"emoji": "\ud83d\ude80", "greeting": "h\u00e9llo"}`},
			{"numbers", map[string]any{"int": -42, "float": 0.5, "json": json.Number("1e-07")}, `{"float": 0.5, "int": -42, "json": 1e-07}`},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				doc := models.BlockDocument{Name: "doc-" + tt.name, BlockTypeID: typeID, BlockSchemaID: schemaID}
				if err := doc.EncryptData(db.DB, tt.data); err != nil {
					t.Fatal(err)
				}
				if err := db.Create(&doc).Error; err != nil {
					t.Fatal(err)
				}
				token := doc.Data.V.(string)
				text, jsonType := storedData(t, db, doc.ID)
				if want := `"` + token + `"`; text != want || !strings.HasPrefix(text, `"gAAAAA`) {
					t.Errorf("stored data %q, want the token as a JSON string %q", text, want)
				}
				if want := map[string]string{"sqlite": "text", "postgres": "string"}[db.Dialect.Name()]; jsonType != want {
					t.Errorf("stored JSON type %q, want %q", jsonType, want)
				}
				if strings.Contains(text, "marvin") || strings.Contains(text, "eu-west-1") {
					t.Errorf("plaintext reached the column: %q", text)
				}

				key, err := models.EncryptionKey(db.DB)
				if err != nil {
					t.Fatal(err)
				}
				if got := fernet.VerifyAndDecrypt([]byte(token), 0, []*fernet.Key{key}); string(got) != tt.plaintext {
					t.Errorf("plaintext %q, want json.dumps text %q", got, tt.plaintext)
				}

				var stored models.BlockDocument
				if err := db.First(&stored, "id = ?", doc.ID).Error; err != nil {
					t.Fatal(err)
				}
				got, err := stored.DecryptData(db.DB)
				if err != nil {
					t.Fatal(err)
				}
				if want := decodeJSON(t, tt.plaintext); !reflect.DeepEqual(any(got), want) {
					t.Errorf("decrypted %#v, want %#v", got, want)
				}
			})
		}

		var rows []models.Configuration
		if err := db.Find(&rows).Error; err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1 || rows[0].Key != models.EncryptionKeyConfigKey {
			t.Fatalf("configuration rows %+v, want one %s row", rows, models.EncryptionKeyConfigKey)
		}
		encoded, _ := rows[0].Value.V["fernet_key"].(string)
		if _, err := fernet.DecodeKey(encoded); err != nil || len(encoded) != 44 {
			t.Errorf("stored fernet_key %q (%d chars) is not a 44-char Fernet key: %v", encoded, len(encoded), err)
		}
	})
}

func TestEncryptionKeyConcurrentFirstUse(t *testing.T) {
	noKeyEnv(t)
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		const callers = 16
		keys := make([]string, callers)
		errs := make([]error, callers)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range callers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				k, err := models.EncryptionKey(db.DB)
				errs[i] = err
				if err == nil {
					keys[i] = k.Encode()
				}
			}()
		}
		close(start)
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("caller %d: %v", i, err)
			}
			if keys[i] != keys[0] {
				t.Errorf("caller %d got another key than caller 0", i)
			}
		}
		var rows []models.Configuration
		if err := db.Where(map[string]any{"key": models.EncryptionKeyConfigKey}).Find(&rows).Error; err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1 {
			t.Fatalf("%d %s rows, want 1", len(rows), models.EncryptionKeyConfigKey)
		}
		if rows[0].Value.V["fernet_key"] != keys[0] {
			t.Errorf("stored key differs from the key the callers got")
		}
	})
}

func TestEncryptionKeySources(t *testing.T) {
	envKey, legacyKey := newKey(t), newKey(t)
	unset := "<unset>"
	tests := []struct {
		name          string
		env, legacy   string
		want          string // "" means the configured key
		wantConfigRow bool
		wantErr       string
	}{
		{name: "environment", env: envKey, legacy: unset, want: envKey},
		{name: "deprecated environment", env: unset, legacy: legacyKey, want: legacyKey},
		{name: "both prefer the new name", env: envKey, legacy: legacyKey, want: envKey},
		{name: "neither", env: unset, legacy: unset, wantConfigRow: true},
		// os.getenv(NEW, os.getenv(OLD)) returns "" when NEW is set but empty.
		{name: "empty new name hides the deprecated one", env: "", legacy: legacyKey, wantConfigRow: true},
		{name: "invalid environment key", env: "not-a-fernet-key", legacy: unset, wantErr: models.EncryptionKeyEnv},
	}
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				noKeyEnv(t)
				if err := db.Where("1 = 1").Delete(&models.Configuration{}).Error; err != nil {
					t.Fatal(err)
				}
				models.ForgetEncryptionKey(db.DB) // the row changed behind the cache
				if tt.env != unset {
					t.Setenv(models.EncryptionKeyEnv, tt.env)
				}
				if tt.legacy != unset {
					t.Setenv(models.LegacyEncryptionKeyEnv, tt.legacy)
				}
				k, err := models.EncryptionKey(db.DB)
				if tt.wantErr != "" {
					if err == nil || !strings.Contains(err.Error(), tt.wantErr) || strings.Contains(err.Error(), tt.env) {
						t.Fatalf("err = %v, want one naming %s without its value", err, tt.wantErr)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				var rows []models.Configuration
				if err := db.Find(&rows).Error; err != nil {
					t.Fatal(err)
				}
				if tt.wantConfigRow {
					if len(rows) != 1 || rows[0].Value.V["fernet_key"] != k.Encode() {
						t.Fatalf("configuration rows %d, want one holding the returned key", len(rows))
					}
					return
				}
				if len(rows) != 0 {
					t.Errorf("%d configuration rows written, want none with an environment key", len(rows))
				}
				if k.Encode() != tt.want {
					t.Errorf("key %s, want %s", k.Encode(), tt.want)
				}
			})
		}
	})
}

func TestDecryptDataErrors(t *testing.T) {
	const secret = "topsecret-4711"
	keyA, keyB := newKey(t), newKey(t)
	tokenOf := func(t *testing.T, plaintext string) string {
		tok, err := fernet.EncryptAndSign([]byte(plaintext), fernet.MustDecodeKeys(keyA)[0])
		if err != nil {
			t.Fatal(err)
		}
		return string(tok)
	}
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		typeID, schemaID := blockParents(t, db)
		tests := []struct {
			name    string
			key     string
			data    func(t *testing.T, good string) any // the stored data, given a good token
			wantErr string
		}{
			{"wrong key", keyB, func(_ *testing.T, good string) any { return good }, "does not verify with the encryption key"},
			{"altered token", keyA, func(_ *testing.T, good string) any {
				b := []byte(good)
				i := len(b) / 2
				b[i] = map[bool]byte{true: 'B', false: 'A'}[b[i] == 'A']
				return string(b)
			}, "does not verify with the encryption key"},
			{"truncated token", keyA, func(_ *testing.T, good string) any { return good[:len(good)-8] }, "cannot decrypt data"},
			{"placeholder object", keyA, func(*testing.T, string) any { return map[string]any{} }, "holds a JSON object, not an encrypted token"},
			{"plaintext not JSON", keyA, func(t *testing.T, _ string) any { return tokenOf(t, secret+" {") }, "not valid JSON"},
			{"plaintext not an object", keyA, func(t *testing.T, _ string) any { return tokenOf(t, `["`+secret+`"]`) }, "not a JSON object"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				useKey(t, keyA)
				doc := models.BlockDocument{Name: "errors-" + strings.ReplaceAll(tt.name, " ", "-"), BlockTypeID: typeID, BlockSchemaID: schemaID}
				if err := doc.EncryptData(db.DB, map[string]any{"password": secret}); err != nil {
					t.Fatal(err)
				}
				if err := db.Create(&doc).Error; err != nil {
					t.Fatal(err)
				}
				// Store the broken data the way another writer could have.
				stored, err := json.Marshal(tt.data(t, doc.Data.V.(string)))
				if err != nil {
					t.Fatal(err)
				}
				if err := db.Exec("UPDATE block_document SET data = ? WHERE id = ?", string(stored), doc.ID).Error; err != nil {
					t.Fatal(err)
				}
				var read models.BlockDocument
				if err := db.First(&read, "id = ?", doc.ID).Error; err != nil {
					t.Fatal(err)
				}
				useKey(t, tt.key)
				_, err = read.DecryptData(db.DB)
				if err == nil {
					t.Fatal("decrypted, want an error")
				}
				msg := err.Error()
				for _, want := range []string{tt.wantErr, doc.ID.String(), fmt.Sprintf("%q", doc.Name)} {
					if !strings.Contains(msg, want) {
						t.Errorf("error %q does not contain %q", msg, want)
					}
				}
				if strings.Contains(msg, secret) || strings.Contains(msg, "topsecret") {
					t.Errorf("error %q leaks the plaintext", msg)
				}
			})
		}
	})
}

// goldenFile is the layout of testdata/fernet/*_tokens.json.
type goldenFile struct {
	Generator    string       `json:"generator"`
	Cryptography string       `json:"cryptography,omitempty"`
	Key          string       `json:"key"`
	Cases        []goldenCase `json:"cases"`
}

type goldenCase struct {
	Name      string `json:"name"`
	Plaintext string `json:"plaintext"`
	Token     string `json:"token"`
}

func readGolden(t *testing.T, name string) goldenFile {
	t.Helper()
	b, err := os.ReadFile("../testdata/fernet/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var g goldenFile
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(g.Cases) == 0 {
		t.Fatalf("%s has no cases", name)
	}
	return g
}

func TestPythonTokensDecryptInGo(t *testing.T) {
	golden := readGolden(t, "python_tokens.json")
	useKey(t, golden.Key)
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		typeID, schemaID := blockParents(t, db)
		for _, c := range golden.Cases {
			t.Run(c.Name, func(t *testing.T) {
				// Store the token as Prefect stores it, then read it back.
				doc := models.BlockDocument{Name: "py-" + c.Name, BlockTypeID: typeID, BlockSchemaID: schemaID, Data: models.NewJSON[any](c.Token)}
				if err := db.Create(&doc).Error; err != nil {
					t.Fatal(err)
				}
				var stored models.BlockDocument
				if err := db.First(&stored, "id = ?", doc.ID).Error; err != nil {
					t.Fatal(err)
				}
				got, err := stored.DecryptData(db.DB)
				if err != nil {
					t.Fatal(err)
				}
				if want := decodeJSON(t, c.Plaintext); !reflect.DeepEqual(any(got), want) {
					t.Errorf("decrypted %#v, want %#v", got, want)
				}
				// Re-encoding gives Python's bytes (the payload keys are sorted).
				again, err := models.MarshalPythonJSON(got)
				if err != nil {
					t.Fatal(err)
				}
				if string(again) != c.Plaintext {
					t.Errorf("re-encoded %s, want Python's %s", again, c.Plaintext)
				}
			})
		}
	})
}

// goTokensFromPythonCases encrypts the Python golden plaintexts with Go, the
// way EncryptData does, under the golden key.
func goTokensFromPythonCases(t *testing.T) goldenFile {
	t.Helper()
	py := readGolden(t, "python_tokens.json")
	key := fernet.MustDecodeKeys(py.Key)[0]
	out := goldenFile{Generator: "go test ./models -run TestGoTokens -update-fernet", Key: py.Key}
	for _, c := range py.Cases {
		data, _ := decodeJSON(t, c.Plaintext).(map[string]any)
		plaintext, err := models.MarshalPythonJSON(data)
		if err != nil {
			t.Fatal(err)
		}
		tok, err := fernet.EncryptAndSign(plaintext, key)
		if err != nil {
			t.Fatal(err)
		}
		out.Cases = append(out.Cases, goldenCase{Name: c.Name, Plaintext: string(plaintext), Token: string(tok)})
	}
	return out
}

func TestGoTokensFile(t *testing.T) {
	if *updateFernet {
		b, err := json.MarshalIndent(goTokensFromPythonCases(t), "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("../testdata/fernet/go_tokens.json", append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	golden := readGolden(t, "go_tokens.json")
	key := fernet.MustDecodeKeys(golden.Key)[0]
	for _, c := range golden.Cases {
		if got := fernet.VerifyAndDecrypt([]byte(c.Token), 0, []*fernet.Key{key}); !bytes.Equal(got, []byte(c.Plaintext)) {
			t.Errorf("%s: committed Go token decrypts to %q, want %q", c.Name, got, c.Plaintext)
		}
	}
}

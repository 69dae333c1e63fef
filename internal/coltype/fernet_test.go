package coltype

import (
	"testing"

	"github.com/fernet/fernet-go"
)

func TestCheckFernetToken(t *testing.T) {
	var k fernet.Key
	if err := k.Generate(); err != nil {
		t.Fatal(err)
	}
	good, err := fernet.EncryptAndSign([]byte("{}"), &k)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		token string
		ok    bool
	}{
		{"token", string(good), true},
		{"empty", "", false},
		{"not base64", "gAAAAA!!", false},
		{"too short", string(good[:40]), false},
		{"plain word", "hunter2", false},
		{"wrong version", "AQ" + string(good[2:]), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := CheckFernetToken(tt.token); (err == nil) != tt.ok {
				t.Errorf("CheckFernetToken = %v, want ok=%v", err, tt.ok)
			}
		})
	}
}

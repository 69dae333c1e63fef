package coltype

import (
	"encoding/base64"
	"errors"
	"fmt"
)

// Fernet token layout: version byte, 8-byte timestamp, 16-byte IV, AES-CBC
// ciphertext (whole 16-byte blocks, at least one) and a 32-byte HMAC.
const (
	fernetVersion  = 0x80
	fernetOverhead = 1 + 8 + 16 + 32
	fernetBlock    = 16
)

// CheckFernetToken reports whether s has the shape of a Fernet token
// (URL-safe base64 of version 0x80, timestamp, IV, whole cipher blocks and
// HMAC), without a key. The error describes the defect, not the content.
func CheckFernetToken(s string) error {
	b, err := base64.URLEncoding.DecodeString(s)
	if err != nil {
		return errors.New("the token is not URL-safe base64 (damaged or not a Fernet token)")
	}
	if len(b) < fernetOverhead+fernetBlock || (len(b)-fernetOverhead)%fernetBlock != 0 {
		return fmt.Errorf("the token has %d bytes, not a Fernet token's length (damaged or truncated)", len(b))
	}
	if b[0] != fernetVersion {
		return fmt.Errorf("the token starts with version byte 0x%02x, not Fernet's 0x80", b[0])
	}
	return nil
}

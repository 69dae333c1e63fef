package models

// CsrfToken is the CSRF token issued to a client (table csrf_token).
type CsrfToken struct {
	Base
	Token string `gorm:"column:token;type:VARCHAR;not null" json:"token"`
	// Client is the client the token was issued to (one token per client).
	Client string `gorm:"column:client;type:VARCHAR;not null;unique" json:"client"`
	// Expiration is when the token stops being accepted.
	Expiration Timestamp `gorm:"column:expiration;not null" json:"expiration"`
}

// TableName returns csrf_token.
func (CsrfToken) TableName() string { return "csrf_token" }

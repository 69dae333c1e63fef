package models

// Base holds the columns every Prefect table has: a UUID primary key and the
// created and updated timestamps. Embed it in every model. The hooks package
// fills ID (random v4) and both timestamps (application clock, UTC,
// microseconds) on create and bumps Updated on every update; the server
// defaults let raw SQL inserts omit them too.
type Base struct {
	ID      UUID      `gorm:"column:id;primaryKey;default:gen_random_uuid()" json:"id"`
	Created Timestamp `gorm:"column:created;not null;default:now()" json:"created"`
	Updated Timestamp `gorm:"column:updated;not null;default:now();index" json:"updated"`
}

// BaseModel is implemented by every model that embeds Base.
type BaseModel interface {
	base() *Base
}

func (b *Base) base() *Base { return b }

-- Rollback of version 0018_block_document_reference_self_check (SQLite), frozen: undoes Prefect's Alembic
-- revision 2095de406cbe, back to revision 4dfa692e02a7.

-- Rebuild: create the new table, copy every row, drop the old table, rename,
-- then recreate every index of the table.
CREATE TABLE "_prefectorm_new_block_document_reference" (
	"id" CHAR(36) DEFAULT ((lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))),2) || '-' || substr('89ab',abs(random()) % 4 + 1, 1) || substr(lower(hex(randomblob(2))),2) || '-' || lower(hex(randomblob(6))))) NOT NULL,
	"created" DATETIME DEFAULT (strftime('%Y-%m-%d %H:%M:%f000', 'now')) NOT NULL,
	"updated" DATETIME DEFAULT (strftime('%Y-%m-%d %H:%M:%f000', 'now')) NOT NULL,
	"name" VARCHAR NOT NULL,
	"parent_block_document_id" CHAR(36) NOT NULL,
	"reference_block_document_id" CHAR(36) NOT NULL,
	CONSTRAINT "pk_block_document_reference" PRIMARY KEY ("id"),
	CONSTRAINT "fk_block_document_reference__parent_block_document_id__block_document" FOREIGN KEY("parent_block_document_id") REFERENCES "block_document" ("id") ON DELETE CASCADE,
	CONSTRAINT "fk_block_document_reference__reference_block_document_id__block_document" FOREIGN KEY("reference_block_document_id") REFERENCES "block_document" ("id") ON DELETE CASCADE
);
INSERT INTO "_prefectorm_new_block_document_reference" ("id", "created", "updated", "name", "parent_block_document_id", "reference_block_document_id")
SELECT "id", "created", "updated", "name", "parent_block_document_id", "reference_block_document_id" FROM "block_document_reference";
DROP TABLE "block_document_reference";
ALTER TABLE "_prefectorm_new_block_document_reference" RENAME TO "block_document_reference";
CREATE INDEX "ix_block_document_reference__updated" ON "block_document_reference" ("updated");
UPDATE alembic_version SET version_num = '4dfa692e02a7';

-- Version 0018_block_document_reference_self_check (PostgreSQL), frozen: Prefect's Alembic revision 7218aad17905
-- (Prefect 3.7.0): deletes the block document references of a
-- document to itself and adds the CHECK that forbids them.
-- Never edit this file: later schema changes are new versions. Statements
-- end with a semicolon at the end of a line.
-- alembic: 7218aad17905

DELETE FROM block_document_reference
WHERE parent_block_document_id = reference_block_document_id;
ALTER TABLE block_document_reference ADD CONSTRAINT ck_block_document_reference__no_self_reference CHECK (parent_block_document_id <> reference_block_document_id);
UPDATE alembic_version SET version_num = '7218aad17905';

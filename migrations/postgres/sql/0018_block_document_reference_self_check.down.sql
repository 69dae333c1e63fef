-- Rollback of version 0018_block_document_reference_self_check (PostgreSQL), frozen: undoes Prefect's
-- Alembic revision 7218aad17905, back to revision 09a9e091e578.

ALTER TABLE block_document_reference DROP CONSTRAINT ck_block_document_reference__no_self_reference;
UPDATE alembic_version SET version_num = '09a9e091e578';

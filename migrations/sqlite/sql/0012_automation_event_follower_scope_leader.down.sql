-- Rollback of version 0012_automation_event_follower_scope_leader (SQLite), frozen: undoes Prefect's Alembic
-- revision 3c841a1800a1, back to revision 7655f31c5157.

DROP INDEX ix_ae_follower_scope_leader;
UPDATE alembic_version SET version_num = '7655f31c5157';

-- Rollback of version 0012_automation_event_follower_scope_leader (PostgreSQL), frozen: undoes Prefect's
-- Alembic revision 1c9bb7f78263, back to revision 4160a4841eed.

DROP INDEX ix_ae_follower_scope_leader;
UPDATE alembic_version SET version_num = '4160a4841eed';

-- Version 0012_automation_event_follower_scope_leader (PostgreSQL), frozen: Prefect's Alembic revision 1c9bb7f78263
-- (Prefect 3.4.1): adds ix_ae_follower_scope_leader.
-- Never edit this file: later schema changes are new versions. Statements
-- end with a semicolon at the end of a line.
-- alembic: 1c9bb7f78263

CREATE INDEX ix_ae_follower_scope_leader ON automation_event_follower (scope, leader_event_id);
UPDATE alembic_version SET version_num = '1c9bb7f78263';

-- The catalog version was bumped by AFTER … FOR EACH STATEMENT triggers, which lock its one row from the
-- first change of a transaction until its commit: a directory import held it throughout, and a chat turn
-- filling in a member's name could deadlock against it. Bump it at commit instead, once per transaction.
CREATE OR REPLACE FUNCTION "planbot_catalog_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('planbot.catalog_changed_in', true) IS DISTINCT FROM txid_current()::text THEN
    PERFORM set_config('planbot.catalog_changed_in', txid_current()::text, true);
    UPDATE "catalog_version" SET "version" = "version" + 1 WHERE "id" = 1;
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
DROP TRIGGER "plans_catalog_changed" ON "plans";--> statement-breakpoint
DROP TRIGGER "tasks_catalog_changed" ON "tasks";--> statement-breakpoint
DROP TRIGGER "task_departments_catalog_changed" ON "task_departments";--> statement-breakpoint
DROP TRIGGER "departments_catalog_changed" ON "departments";--> statement-breakpoint
DROP TRIGGER "chats_catalog_changed" ON "chats";--> statement-breakpoint
DROP TRIGGER "members_catalog_changed" ON "members";--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "plans_catalog_changed" AFTER INSERT OR UPDATE OR DELETE ON "plans" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "planbot_catalog_changed"();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "tasks_catalog_changed" AFTER INSERT OR UPDATE OR DELETE ON "tasks" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "planbot_catalog_changed"();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "task_departments_catalog_changed" AFTER INSERT OR UPDATE OR DELETE ON "task_departments" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "planbot_catalog_changed"();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "departments_catalog_changed" AFTER INSERT OR UPDATE OR DELETE ON "departments" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "planbot_catalog_changed"();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "chats_catalog_changed" AFTER UPDATE OR DELETE ON "chats" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "planbot_catalog_changed"();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "members_catalog_changed" AFTER UPDATE OR DELETE ON "members" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "planbot_catalog_changed"();--> statement-breakpoint
-- TRUNCATE has no row triggers: a statement trigger, as before (nothing in the bot truncates these tables).
CREATE TRIGGER "plans_catalog_truncated" AFTER TRUNCATE ON "plans" FOR EACH STATEMENT EXECUTE FUNCTION "planbot_catalog_changed"();--> statement-breakpoint
CREATE TRIGGER "tasks_catalog_truncated" AFTER TRUNCATE ON "tasks" FOR EACH STATEMENT EXECUTE FUNCTION "planbot_catalog_changed"();--> statement-breakpoint
CREATE TRIGGER "task_departments_catalog_truncated" AFTER TRUNCATE ON "task_departments" FOR EACH STATEMENT EXECUTE FUNCTION "planbot_catalog_changed"();--> statement-breakpoint
CREATE TRIGGER "departments_catalog_truncated" AFTER TRUNCATE ON "departments" FOR EACH STATEMENT EXECUTE FUNCTION "planbot_catalog_changed"();--> statement-breakpoint
CREATE TRIGGER "chats_catalog_truncated" AFTER TRUNCATE ON "chats" FOR EACH STATEMENT EXECUTE FUNCTION "planbot_catalog_changed"();--> statement-breakpoint
CREATE TRIGGER "members_catalog_truncated" AFTER TRUNCATE ON "members" FOR EACH STATEMENT EXECUTE FUNCTION "planbot_catalog_changed"();

CREATE TABLE "catalog_version" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "catalog_version" ADD CONSTRAINT "catalog_version_single_row" CHECK ("id" = 1);--> statement-breakpoint
INSERT INTO "catalog_version" ("id", "version") VALUES (1, 0);--> statement-breakpoint
CREATE FUNCTION "planbot_catalog_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "catalog_version" SET "version" = "version" + 1 WHERE "id" = 1;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "plans_catalog_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "plans" FOR EACH STATEMENT EXECUTE FUNCTION "planbot_catalog_changed"();--> statement-breakpoint
CREATE TRIGGER "tasks_catalog_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "tasks" FOR EACH STATEMENT EXECUTE FUNCTION "planbot_catalog_changed"();--> statement-breakpoint
CREATE TRIGGER "task_departments_catalog_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "task_departments" FOR EACH STATEMENT EXECUTE FUNCTION "planbot_catalog_changed"();--> statement-breakpoint
CREATE TRIGGER "departments_catalog_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "departments" FOR EACH STATEMENT EXECUTE FUNCTION "planbot_catalog_changed"();--> statement-breakpoint
-- A chat or member seen for the first time is inserted by message traffic and is not cached yet, so only
-- changes to existing rows (bindings, heads, names) need to reach other processes' caches.
CREATE TRIGGER "chats_catalog_changed" AFTER UPDATE OR DELETE OR TRUNCATE ON "chats" FOR EACH STATEMENT EXECUTE FUNCTION "planbot_catalog_changed"();--> statement-breakpoint
CREATE TRIGGER "members_catalog_changed" AFTER UPDATE OR DELETE OR TRUNCATE ON "members" FOR EACH STATEMENT EXECUTE FUNCTION "planbot_catalog_changed"();

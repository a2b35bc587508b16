CREATE TABLE "reminder_announcements" (
	"chat_id" integer NOT NULL,
	"code" text NOT NULL,
	"fired_at" timestamp with time zone NOT NULL,
	CONSTRAINT "reminder_announcements_chat_id_code_fired_at_pk" PRIMARY KEY("chat_id","code","fired_at")
);
--> statement-breakpoint
ALTER TABLE "reminder_announcements" ADD CONSTRAINT "reminder_announcements_chat_id_chats_id_fk" FOREIGN KEY ("chat_id") REFERENCES "public"."chats"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Kick-offs and nudges already in the outbox announced their tasks. Their fire day is the second field of the
-- dedupe key (kind|day|chat:…); noon UTC of that day falls inside it, after its start and before the next
-- day's fires, in every time zone the bot may be set to.
INSERT INTO "reminder_announcements" ("chat_id", "code", "fired_at")
SELECT DISTINCT o."chat_id", t.code #>> '{}', (split_part(o."dedupe_key", '|', 2) || 'T12:00:00Z')::timestamptz
FROM "outbox" o
CROSS JOIN LATERAL jsonb_array_elements(
  CASE WHEN jsonb_typeof(o."payload"->'tasks') = 'array' THEN o."payload"->'tasks' ELSE '[]'::jsonb END) AS t(code)
WHERE o."kind" IN ('kickoff', 'nudge') AND o."chat_id" IS NOT NULL AND jsonb_typeof(t.code) = 'string'
  AND split_part(o."dedupe_key", '|', 2) ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$';

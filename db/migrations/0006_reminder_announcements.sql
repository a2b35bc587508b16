CREATE TABLE "reminder_announcements" (
	"chat_id" integer NOT NULL,
	"code" text NOT NULL,
	"fired_at" timestamp with time zone NOT NULL,
	CONSTRAINT "reminder_announcements_chat_id_code_pk" PRIMARY KEY("chat_id","code")
);
--> statement-breakpoint
ALTER TABLE "reminder_announcements" ADD CONSTRAINT "reminder_announcements_chat_id_chats_id_fk" FOREIGN KEY ("chat_id") REFERENCES "public"."chats"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Kick-offs and nudges already in the outbox announce their tasks, as of midnight (UTC+8) of their fire's day
-- (the day is the second field of the dedupe key: kind|day|chat:…).
INSERT INTO "reminder_announcements" ("chat_id", "code", "fired_at")
SELECT o."chat_id", t.code, max((split_part(o."dedupe_key", '|', 2) || 'T00:00:00+08:00')::timestamptz)
FROM "outbox" o
CROSS JOIN LATERAL jsonb_array_elements_text(
  CASE WHEN jsonb_typeof(o."payload"->'tasks') = 'array' THEN o."payload"->'tasks' ELSE '[]'::jsonb END) AS t(code)
WHERE o."kind" IN ('kickoff', 'nudge') AND o."chat_id" IS NOT NULL
  AND split_part(o."dedupe_key", '|', 2) ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'
GROUP BY o."chat_id", t.code;

ALTER TABLE "inbound_messages" ADD COLUMN "handled_at" timestamp with time zone;--> statement-breakpoint
-- Messages recorded before this column existed were all handled.
UPDATE "inbound_messages" SET "handled_at" = "created_at";
ALTER TABLE "outbox" ADD COLUMN "attempted_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "outbox_robot_attempt_idx" ON "outbox" USING btree ("robot_key","attempted_at");
ALTER TABLE "mail_messages" ADD COLUMN "transport" text;--> statement-breakpoint
CREATE INDEX "mail_messages_sent_at_idx" ON "mail_messages" USING btree ("sent_at") WHERE "mail_messages"."sent_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "mail_messages_created_at_idx" ON "mail_messages" USING btree ("created_at");--> statement-breakpoint
ALTER TABLE "mail_messages" ADD CONSTRAINT "mail_messages_transport_known" CHECK ("mail_messages"."transport" IS NULL OR "mail_messages"."transport" IN ('smtp', 'outbox'));
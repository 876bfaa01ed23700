CREATE TABLE "mail_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"invitation_id" uuid,
	"to_address" text NOT NULL,
	"subject" text NOT NULL,
	"text_body" text NOT NULL,
	"html_body" text,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"claimed_until" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"transport_message_id" text,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mail_messages_kind_known" CHECK ("mail_messages"."kind" IN ('invitation', 'reminder', 'staff')),
	CONSTRAINT "mail_messages_status_known" CHECK ("mail_messages"."status" IN ('queued', 'sending', 'sent', 'failed')),
	CONSTRAINT "mail_messages_attempts_non_negative" CHECK ("mail_messages"."attempts" >= 0)
);
--> statement-breakpoint
ALTER TABLE "responses" ADD COLUMN "current_page" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "mail_messages" ADD CONSTRAINT "mail_messages_invitation_id_invitations_id_fk" FOREIGN KEY ("invitation_id") REFERENCES "public"."invitations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mail_messages_due_idx" ON "mail_messages" USING btree ("next_attempt_at") WHERE "mail_messages"."status" IN ('queued', 'sending');--> statement-breakpoint
CREATE INDEX "mail_messages_invitation_idx" ON "mail_messages" USING btree ("invitation_id");
CREATE TABLE "pending_rollups" (
	"response_id" uuid PRIMARY KEY NOT NULL
);
--> statement-breakpoint
ALTER TABLE "pending_rollups" ADD CONSTRAINT "pending_rollups_response_id_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."responses"("id") ON DELETE cascade ON UPDATE no action;
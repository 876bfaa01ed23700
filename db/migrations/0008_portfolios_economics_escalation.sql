CREATE TABLE "client_product_income" (
	"client_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"month" date NOT NULL,
	"income_rub" numeric(18, 2) NOT NULL,
	"cost_to_serve_rub" numeric(18, 2),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "client_product_income_client_id_product_id_month_pk" PRIMARY KEY("client_id","product_id","month"),
	CONSTRAINT "client_product_income_month_first_day" CHECK (extract(day from "client_product_income"."month") = 1),
	CONSTRAINT "client_product_income_income_non_negative" CHECK ("client_product_income"."income_rub" >= 0),
	CONSTRAINT "client_product_income_cost_non_negative" CHECK ("client_product_income"."cost_to_serve_rub" IS NULL OR "client_product_income"."cost_to_serve_rub" >= 0)
);
--> statement-breakpoint
CREATE TABLE "custom_segments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"owner_user_id" uuid NOT NULL,
	"shared" boolean DEFAULT false NOT NULL,
	"definition" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "custom_segments_owner_name_unique" UNIQUE("owner_user_id","name"),
	CONSTRAINT "custom_segments_name_present" CHECK (length(trim("custom_segments"."name")) > 0)
);
--> statement-breakpoint
ALTER TABLE "client_products" ADD COLUMN "total_volume_rub" numeric(18, 2);--> statement-breakpoint
ALTER TABLE "follow_ups" ADD COLUMN "escalated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD COLUMN "escalated_to" uuid;--> statement-breakpoint
ALTER TABLE "client_product_income" ADD CONSTRAINT "client_product_income_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_product_income" ADD CONSTRAINT "client_product_income_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "custom_segments" ADD CONSTRAINT "custom_segments_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "client_product_income_month_idx" ON "client_product_income" USING btree ("month");--> statement-breakpoint
CREATE INDEX "client_product_income_product_idx" ON "client_product_income" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "custom_segments_shared_idx" ON "custom_segments" USING btree ("shared");--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_escalated_to_managers_id_fk" FOREIGN KEY ("escalated_to") REFERENCES "public"."managers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "follow_ups_escalation_due_idx" ON "follow_ups" USING btree ("due_on") WHERE "follow_ups"."status" <> 'resolved' AND "follow_ups"."escalated_at" IS NULL;--> statement-breakpoint
CREATE INDEX "follow_ups_escalated_to_idx" ON "follow_ups" USING btree ("escalated_to");--> statement-breakpoint
ALTER TABLE "client_products" ADD CONSTRAINT "client_products_total_volume_non_negative" CHECK ("client_products"."total_volume_rub" IS NULL OR "client_products"."total_volume_rub" >= 0);
CREATE TABLE "client_loyalty" (
	"client_id" uuid PRIMARY KEY NOT NULL,
	"wave_id" uuid NOT NULL,
	"scores_wave_id" uuid,
	"respondents" integer DEFAULT 0 NOT NULL,
	"net_score" double precision,
	"mean_ltr" double precision,
	"account_class" text,
	"csi" double precision,
	"csi_change" double precision,
	"overall" double precision,
	"loyalty_state" text NOT NULL,
	"previous_state" text,
	"reasons" text[] DEFAULT '{}'::text[] NOT NULL,
	"rules_version" integer NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "client_loyalty_state_known" CHECK ("client_loyalty"."loyalty_state" IN ('champion', 'satisfied', 'passive', 'at_risk', 'lost_contact'))
);
--> statement-breakpoint
CREATE TABLE "client_satisfaction" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"wave_id" uuid NOT NULL,
	"responded" boolean NOT NULL,
	"scores_wave_id" uuid,
	"respondents" integer DEFAULT 0 NOT NULL,
	"net_score" double precision,
	"mean_ltr" double precision,
	"account_class" text,
	"csi" double precision,
	"csi_change" double precision,
	"overall" double precision,
	"loyalty_state" text NOT NULL,
	"previous_state" text,
	"reasons" text[] DEFAULT '{}'::text[] NOT NULL,
	"rules_version" integer NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "client_satisfaction_client_wave_unique" UNIQUE("client_id","wave_id"),
	CONSTRAINT "client_satisfaction_state_known" CHECK ("client_satisfaction"."loyalty_state" IN ('champion', 'satisfied', 'passive', 'at_risk', 'lost_contact')),
	CONSTRAINT "client_satisfaction_previous_state_known" CHECK ("client_satisfaction"."previous_state" IS NULL OR "client_satisfaction"."previous_state" IN ('champion', 'satisfied', 'passive', 'at_risk', 'lost_contact')),
	CONSTRAINT "client_satisfaction_class_known" CHECK ("client_satisfaction"."account_class" IS NULL OR "client_satisfaction"."account_class" IN ('promoter', 'passive', 'detractor')),
	CONSTRAINT "client_satisfaction_reasons_known" CHECK ("client_satisfaction"."reasons" <@ ARRAY['promoter', 'passive', 'detractor', 'high_csi', 'csi_below_floor', 'csi_drop', 'silent', 'no_contactable_contact', 'carried_forward']::text[])
);
--> statement-breakpoint
ALTER TABLE "client_loyalty" ADD CONSTRAINT "client_loyalty_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_loyalty" ADD CONSTRAINT "client_loyalty_wave_id_waves_id_fk" FOREIGN KEY ("wave_id") REFERENCES "public"."waves"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_loyalty" ADD CONSTRAINT "client_loyalty_scores_wave_id_waves_id_fk" FOREIGN KEY ("scores_wave_id") REFERENCES "public"."waves"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_satisfaction" ADD CONSTRAINT "client_satisfaction_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_satisfaction" ADD CONSTRAINT "client_satisfaction_wave_id_waves_id_fk" FOREIGN KEY ("wave_id") REFERENCES "public"."waves"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_satisfaction" ADD CONSTRAINT "client_satisfaction_scores_wave_id_waves_id_fk" FOREIGN KEY ("scores_wave_id") REFERENCES "public"."waves"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "client_loyalty_state_idx" ON "client_loyalty" USING btree ("loyalty_state");--> statement-breakpoint
CREATE INDEX "client_satisfaction_wave_state_idx" ON "client_satisfaction" USING btree ("wave_id","loyalty_state");
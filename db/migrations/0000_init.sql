CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_user_id" uuid,
	"action" text NOT NULL,
	"entity_type" text,
	"entity_id" text,
	"detail" jsonb,
	"ip_address" text
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text NOT NULL,
	"version" integer NOT NULL,
	"value" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "settings_key_version_pk" PRIMARY KEY("key","version")
);
--> statement-breakpoint
CREATE TABLE "login_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"ip_address" text NOT NULL,
	"succeeded" boolean NOT NULL,
	"attempted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"full_name" text NOT NULL,
	"role" text NOT NULL,
	"password_hash" text NOT NULL,
	"locale" text DEFAULT 'ru' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email"),
	CONSTRAINT "users_role_known" CHECK ("users"."role" IN ('admin', 'marketing', 'management', 'manager')),
	CONSTRAINT "users_locale_known" CHECK ("users"."locale" IN ('en', 'ru')),
	CONSTRAINT "users_email_lowercase" CHECK ("users"."email" = lower("users"."email"))
);
--> statement-breakpoint
CREATE TABLE "invitation_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"invitation_id" uuid NOT NULL,
	"status" text NOT NULL,
	"detail" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invitation_events_status_known" CHECK ("invitation_events"."status" IN ('queued', 'sent', 'bounced', 'opened', 'started', 'completed', 'opted_out', 'expired', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"wave_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"language" text NOT NULL,
	"reminders_sent" integer DEFAULT 0 NOT NULL,
	"sent_at" timestamp with time zone,
	"opened_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invitations_token_hash_unique" UNIQUE("token_hash"),
	CONSTRAINT "invitations_wave_contact_unique" UNIQUE("wave_id","contact_id"),
	CONSTRAINT "invitations_status_known" CHECK ("invitations"."status" IN ('queued', 'sent', 'bounced', 'opened', 'started', 'completed', 'opted_out', 'expired', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "waves" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"survey_version_id" uuid NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"audience" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"send_from" timestamp with time zone,
	"send_until" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"reminder_after_days" integer,
	"reminder_max" integer DEFAULT 0 NOT NULL,
	"launched_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "waves_status_known" CHECK ("waves"."status" IN ('draft', 'running', 'closed')),
	CONSTRAINT "waves_reminders_non_negative" CHECK ("waves"."reminder_max" >= 0),
	CONSTRAINT "waves_window_ordered" CHECK ("waves"."send_until" IS NULL OR "waves"."send_from" IS NULL OR "waves"."send_until" >= "waves"."send_from")
);
--> statement-breakpoint
CREATE TABLE "client_groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "client_groups_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "client_products" (
	"client_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"since" date,
	"income_rub" numeric(18, 2) DEFAULT '0' NOT NULL,
	"volume_rub" numeric(18, 2),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "client_products_client_id_product_id_pk" PRIMARY KEY("client_id","product_id"),
	CONSTRAINT "client_products_income_non_negative" CHECK ("client_products"."income_rub" >= 0),
	CONSTRAINT "client_products_volume_non_negative" CHECK ("client_products"."volume_rub" IS NULL OR "client_products"."volume_rub" >= 0)
);
--> statement-breakpoint
CREATE TABLE "clients" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"inn" text NOT NULL,
	"okved2" text NOT NULL,
	"industry_section" char(1) NOT NULL,
	"region_code" text NOT NULL,
	"unit_id" uuid NOT NULL,
	"registered_on" date NOT NULL,
	"revenue_rub" numeric(18, 2) NOT NULL,
	"headcount" integer NOT NULL,
	"size_segment" text NOT NULL,
	"group_id" uuid,
	"manager_id" uuid,
	"vip_criteria" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "clients_inn_unique" UNIQUE("inn"),
	CONSTRAINT "clients_inn_format" CHECK ("clients"."inn" ~ '^([0-9]{10}|[0-9]{12})$'),
	CONSTRAINT "clients_okved2_format" CHECK ("clients"."okved2" ~ '^[0-9]{2}(\.[0-9]{1,2}(\.[0-9]{1,2})?)?$'),
	CONSTRAINT "clients_industry_section_known" CHECK ("clients"."industry_section" IN ('A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P', 'Q', 'R', 'S', 'T', 'U')),
	CONSTRAINT "clients_size_segment_known" CHECK ("clients"."size_segment" IN ('micro', 'small', 'medium', 'large')),
	CONSTRAINT "clients_revenue_non_negative" CHECK ("clients"."revenue_rub" >= 0),
	CONSTRAINT "clients_headcount_non_negative" CHECK ("clients"."headcount" >= 0),
	CONSTRAINT "clients_vip_criteria_known" CHECK ("clients"."vip_criteria" <@ ARRAY['own_group', 'subsidiary_of_significant_client', 'influential_shareholder', 'growth_industry', 'useful_management']::text[])
);
--> statement-breakpoint
CREATE TABLE "contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"full_name" text NOT NULL,
	"position" text,
	"email" text,
	"phone" text,
	"role" text NOT NULL,
	"language" text DEFAULT 'ru' NOT NULL,
	"consent_given" boolean DEFAULT true NOT NULL,
	"opted_out_at" timestamp with time zone,
	"survey_cap_days" integer,
	"left_company" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contacts_role_known" CHECK ("contacts"."role" IN ('decision_maker', 'influencer', 'user', 'finance', 'other')),
	CONSTRAINT "contacts_language_known" CHECK ("contacts"."language" IN ('en', 'ru')),
	CONSTRAINT "contacts_email_shape" CHECK ("contacts"."email" IS NULL OR "contacts"."email" ~ '^[^@\s]+@[^@\s]+$'),
	CONSTRAINT "contacts_cap_positive" CHECK ("contacts"."survey_cap_days" IS NULL OR "contacts"."survey_cap_days" > 0)
);
--> statement-breakpoint
CREATE TABLE "manager_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"manager_id" uuid,
	"unit_id" uuid NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"reason" text,
	"assigned_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "manager_assignments_period_ordered" CHECK ("manager_assignments"."valid_to" IS NULL OR "manager_assignments"."valid_to" >= "manager_assignments"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "managers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"full_name" text NOT NULL,
	"email" text NOT NULL,
	"unit_id" uuid NOT NULL,
	"user_id" uuid,
	"is_unit_head" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "managers_email_unique" UNIQUE("email"),
	CONSTRAINT "managers_user_id_unique" UNIQUE("user_id")
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name_en" text NOT NULL,
	"name_ru" text NOT NULL,
	"cost_to_serve_rub" numeric(18, 2),
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "products_code_unique" UNIQUE("code"),
	CONSTRAINT "products_cost_non_negative" CHECK ("products"."cost_to_serve_rub" IS NULL OR "products"."cost_to_serve_rub" >= 0)
);
--> statement-breakpoint
CREATE TABLE "regions" (
	"code" text PRIMARY KEY NOT NULL,
	"name_en" text NOT NULL,
	"name_ru" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "units" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name_en" text NOT NULL,
	"name_ru" text NOT NULL,
	"region_code" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "units_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "kpi_actuals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"manager_id" uuid NOT NULL,
	"kpi_id" uuid NOT NULL,
	"month" date NOT NULL,
	"value" numeric(18, 2) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kpi_actuals_manager_kpi_month_unique" UNIQUE("manager_id","kpi_id","month"),
	CONSTRAINT "kpi_actuals_month_first_day" CHECK (extract(day from "kpi_actuals"."month") = 1)
);
--> statement-breakpoint
CREATE TABLE "kpi_adjustments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"manager_id" uuid NOT NULL,
	"kpi_id" uuid NOT NULL,
	"review_period_id" uuid NOT NULL,
	"target_delta" numeric(18, 2) NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'proposed' NOT NULL,
	"proposed_by" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kpi_adjustments_status_known" CHECK ("kpi_adjustments"."status" IN ('proposed', 'approved', 'rejected')),
	CONSTRAINT "kpi_adjustments_reason_given" CHECK (length(trim("kpi_adjustments"."reason")) > 0)
);
--> statement-breakpoint
CREATE TABLE "kpi_explanations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"manager_id" uuid NOT NULL,
	"kpi_id" uuid NOT NULL,
	"review_period_id" uuid NOT NULL,
	"text" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kpi_explanations_manager_kpi_period_unique" UNIQUE("manager_id","kpi_id","review_period_id"),
	CONSTRAINT "kpi_explanations_text_given" CHECK (length(trim("kpi_explanations"."text")) > 0)
);
--> statement-breakpoint
CREATE TABLE "kpi_targets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"manager_id" uuid NOT NULL,
	"kpi_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"annual_target" numeric(18, 2) NOT NULL,
	"seasonal_profile" double precision[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kpi_targets_manager_kpi_year_unique" UNIQUE("manager_id","kpi_id","year"),
	CONSTRAINT "kpi_targets_profile_months" CHECK (cardinality("kpi_targets"."seasonal_profile") = 12)
);
--> statement-breakpoint
CREATE TABLE "kpi_weights" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"review_period_id" uuid NOT NULL,
	"kpi_id" uuid NOT NULL,
	"weight" double precision NOT NULL,
	CONSTRAINT "kpi_weights_period_kpi_unique" UNIQUE("review_period_id","kpi_id"),
	CONSTRAINT "kpi_weights_range" CHECK ("kpi_weights"."weight" >= 0 AND "kpi_weights"."weight" <= 1)
);
--> statement-breakpoint
CREATE TABLE "kpis" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name_en" text NOT NULL,
	"name_ru" text NOT NULL,
	"unit" text NOT NULL,
	"direction" text DEFAULT 'higher_is_better' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kpis_code_unique" UNIQUE("code"),
	CONSTRAINT "kpis_direction_known" CHECK ("kpis"."direction" IN ('higher_is_better', 'lower_is_better'))
);
--> statement-breakpoint
CREATE TABLE "manager_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"manager_id" uuid NOT NULL,
	"review_period_id" uuid NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"card" jsonb,
	"signed_by" uuid,
	"signed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "manager_reviews_manager_period_unique" UNIQUE("manager_id","review_period_id"),
	CONSTRAINT "manager_reviews_status_known" CHECK ("manager_reviews"."status" IN ('draft', 'signed')),
	CONSTRAINT "manager_reviews_signed_is_frozen" CHECK ("manager_reviews"."status" <> 'signed' OR ("manager_reviews"."card" IS NOT NULL AND "manager_reviews"."signed_at" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "review_periods" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "review_periods_name_unique" UNIQUE("name"),
	CONSTRAINT "review_periods_ordered" CHECK ("review_periods"."ends_on" >= "review_periods"."starts_on")
);
--> statement-breakpoint
CREATE TABLE "follow_ups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"response_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"manager_id" uuid,
	"reason" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"due_on" date NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by" uuid,
	"outcome" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "follow_ups_reason_known" CHECK ("follow_ups"."reason" IN ('detractor', 'low_score', 'contact_request')),
	CONSTRAINT "follow_ups_status_known" CHECK ("follow_ups"."status" IN ('open', 'in_progress', 'resolved')),
	CONSTRAINT "follow_ups_resolution_has_outcome" CHECK ("follow_ups"."status" <> 'resolved' OR ("follow_ups"."outcome" IS NOT NULL AND length(trim("follow_ups"."outcome")) > 0))
);
--> statement-breakpoint
CREATE TABLE "responses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"invitation_id" uuid NOT NULL,
	"wave_id" uuid NOT NULL,
	"survey_version_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"status" text DEFAULT 'partial' NOT NULL,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"language" text NOT NULL,
	"completed_at" timestamp with time zone,
	"size_segment" text NOT NULL,
	"industry_section" char(1) NOT NULL,
	"region_code" text NOT NULL,
	"unit_id" uuid,
	"manager_id" uuid,
	"client_group_id" uuid,
	"contact_role" text NOT NULL,
	"is_vip" boolean NOT NULL,
	"product_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "responses_invitation_id_unique" UNIQUE("invitation_id"),
	CONSTRAINT "responses_status_known" CHECK ("responses"."status" IN ('partial', 'completed')),
	CONSTRAINT "responses_completed_has_time" CHECK (("responses"."status" = 'completed') = ("responses"."completed_at" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "score_facts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"response_id" uuid NOT NULL,
	"wave_id" uuid NOT NULL,
	"metric" text NOT NULL,
	"attribute" text,
	"product_id" uuid,
	"value" double precision NOT NULL,
	"question" text NOT NULL,
	CONSTRAINT "score_facts_metric_known" CHECK ("score_facts"."metric" IN ('nps', 'csat', 'ces', 'overall', 'attribute', 'importance')),
	CONSTRAINT "score_facts_attribute_where_needed" CHECK ("score_facts"."metric" NOT IN ('attribute', 'importance') OR "score_facts"."attribute" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "survey_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"survey_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"definition" jsonb NOT NULL,
	"frozen_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_versions_survey_version_unique" UNIQUE("survey_id","version"),
	CONSTRAINT "survey_versions_version_positive" CHECK ("survey_versions"."version" > 0)
);
--> statement-breakpoint
CREATE TABLE "surveys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"title_en" text NOT NULL,
	"title_ru" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "surveys_key_unique" UNIQUE("key")
);
--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settings" ADD CONSTRAINT "settings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitation_events" ADD CONSTRAINT "invitation_events_invitation_id_invitations_id_fk" FOREIGN KEY ("invitation_id") REFERENCES "public"."invitations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_wave_id_waves_id_fk" FOREIGN KEY ("wave_id") REFERENCES "public"."waves"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waves" ADD CONSTRAINT "waves_survey_version_id_survey_versions_id_fk" FOREIGN KEY ("survey_version_id") REFERENCES "public"."survey_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waves" ADD CONSTRAINT "waves_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_products" ADD CONSTRAINT "client_products_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_products" ADD CONSTRAINT "client_products_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clients" ADD CONSTRAINT "clients_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clients" ADD CONSTRAINT "clients_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clients" ADD CONSTRAINT "clients_group_id_client_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."client_groups"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clients" ADD CONSTRAINT "clients_manager_id_managers_id_fk" FOREIGN KEY ("manager_id") REFERENCES "public"."managers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "manager_assignments" ADD CONSTRAINT "manager_assignments_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "manager_assignments" ADD CONSTRAINT "manager_assignments_manager_id_managers_id_fk" FOREIGN KEY ("manager_id") REFERENCES "public"."managers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "manager_assignments" ADD CONSTRAINT "manager_assignments_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "manager_assignments" ADD CONSTRAINT "manager_assignments_assigned_by_users_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "managers" ADD CONSTRAINT "managers_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "managers" ADD CONSTRAINT "managers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "units" ADD CONSTRAINT "units_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_actuals" ADD CONSTRAINT "kpi_actuals_manager_id_managers_id_fk" FOREIGN KEY ("manager_id") REFERENCES "public"."managers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_actuals" ADD CONSTRAINT "kpi_actuals_kpi_id_kpis_id_fk" FOREIGN KEY ("kpi_id") REFERENCES "public"."kpis"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_adjustments" ADD CONSTRAINT "kpi_adjustments_manager_id_managers_id_fk" FOREIGN KEY ("manager_id") REFERENCES "public"."managers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_adjustments" ADD CONSTRAINT "kpi_adjustments_kpi_id_kpis_id_fk" FOREIGN KEY ("kpi_id") REFERENCES "public"."kpis"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_adjustments" ADD CONSTRAINT "kpi_adjustments_review_period_id_review_periods_id_fk" FOREIGN KEY ("review_period_id") REFERENCES "public"."review_periods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_adjustments" ADD CONSTRAINT "kpi_adjustments_proposed_by_users_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_adjustments" ADD CONSTRAINT "kpi_adjustments_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_explanations" ADD CONSTRAINT "kpi_explanations_manager_id_managers_id_fk" FOREIGN KEY ("manager_id") REFERENCES "public"."managers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_explanations" ADD CONSTRAINT "kpi_explanations_kpi_id_kpis_id_fk" FOREIGN KEY ("kpi_id") REFERENCES "public"."kpis"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_explanations" ADD CONSTRAINT "kpi_explanations_review_period_id_review_periods_id_fk" FOREIGN KEY ("review_period_id") REFERENCES "public"."review_periods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_targets" ADD CONSTRAINT "kpi_targets_manager_id_managers_id_fk" FOREIGN KEY ("manager_id") REFERENCES "public"."managers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_targets" ADD CONSTRAINT "kpi_targets_kpi_id_kpis_id_fk" FOREIGN KEY ("kpi_id") REFERENCES "public"."kpis"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_weights" ADD CONSTRAINT "kpi_weights_review_period_id_review_periods_id_fk" FOREIGN KEY ("review_period_id") REFERENCES "public"."review_periods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_weights" ADD CONSTRAINT "kpi_weights_kpi_id_kpis_id_fk" FOREIGN KEY ("kpi_id") REFERENCES "public"."kpis"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "manager_reviews" ADD CONSTRAINT "manager_reviews_manager_id_managers_id_fk" FOREIGN KEY ("manager_id") REFERENCES "public"."managers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "manager_reviews" ADD CONSTRAINT "manager_reviews_review_period_id_review_periods_id_fk" FOREIGN KEY ("review_period_id") REFERENCES "public"."review_periods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "manager_reviews" ADD CONSTRAINT "manager_reviews_signed_by_users_id_fk" FOREIGN KEY ("signed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_response_id_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."responses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_manager_id_managers_id_fk" FOREIGN KEY ("manager_id") REFERENCES "public"."managers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "responses" ADD CONSTRAINT "responses_invitation_id_invitations_id_fk" FOREIGN KEY ("invitation_id") REFERENCES "public"."invitations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "responses" ADD CONSTRAINT "responses_wave_id_waves_id_fk" FOREIGN KEY ("wave_id") REFERENCES "public"."waves"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "responses" ADD CONSTRAINT "responses_survey_version_id_survey_versions_id_fk" FOREIGN KEY ("survey_version_id") REFERENCES "public"."survey_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "responses" ADD CONSTRAINT "responses_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "responses" ADD CONSTRAINT "responses_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "responses" ADD CONSTRAINT "responses_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "responses" ADD CONSTRAINT "responses_manager_id_managers_id_fk" FOREIGN KEY ("manager_id") REFERENCES "public"."managers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "responses" ADD CONSTRAINT "responses_client_group_id_client_groups_id_fk" FOREIGN KEY ("client_group_id") REFERENCES "public"."client_groups"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_facts" ADD CONSTRAINT "score_facts_response_id_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."responses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_facts" ADD CONSTRAINT "score_facts_wave_id_waves_id_fk" FOREIGN KEY ("wave_id") REFERENCES "public"."waves"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_facts" ADD CONSTRAINT "score_facts_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_versions" ADD CONSTRAINT "survey_versions_survey_id_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."surveys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_versions" ADD CONSTRAINT "survey_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_events_at_idx" ON "audit_events" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_events_entity_idx" ON "audit_events" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "login_attempts_email_idx" ON "login_attempts" USING btree ("email","attempted_at");--> statement-breakpoint
CREATE INDEX "login_attempts_ip_idx" ON "login_attempts" USING btree ("ip_address","attempted_at");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "invitation_events_invitation_idx" ON "invitation_events" USING btree ("invitation_id","at");--> statement-breakpoint
CREATE INDEX "invitations_wave_status_idx" ON "invitations" USING btree ("wave_id","status");--> statement-breakpoint
CREATE INDEX "invitations_contact_idx" ON "invitations" USING btree ("contact_id","sent_at");--> statement-breakpoint
CREATE INDEX "invitations_client_idx" ON "invitations" USING btree ("client_id","sent_at");--> statement-breakpoint
CREATE INDEX "client_products_product_idx" ON "client_products" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "clients_manager_idx" ON "clients" USING btree ("manager_id");--> statement-breakpoint
CREATE INDEX "clients_unit_idx" ON "clients" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "clients_region_idx" ON "clients" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "clients_section_idx" ON "clients" USING btree ("industry_section");--> statement-breakpoint
CREATE INDEX "clients_size_idx" ON "clients" USING btree ("size_segment");--> statement-breakpoint
CREATE INDEX "clients_group_idx" ON "clients" USING btree ("group_id");--> statement-breakpoint
CREATE INDEX "clients_name_idx" ON "clients" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "contacts_client_idx" ON "contacts" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "contacts_email_idx" ON "contacts" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "manager_assignments_client_idx" ON "manager_assignments" USING btree ("client_id","valid_from");--> statement-breakpoint
CREATE INDEX "manager_assignments_manager_idx" ON "manager_assignments" USING btree ("manager_id");--> statement-breakpoint
CREATE INDEX "managers_unit_idx" ON "managers" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "kpi_adjustments_manager_period_idx" ON "kpi_adjustments" USING btree ("manager_id","review_period_id");--> statement-breakpoint
CREATE INDEX "follow_ups_manager_status_idx" ON "follow_ups" USING btree ("manager_id","status");--> statement-breakpoint
CREATE INDEX "follow_ups_client_idx" ON "follow_ups" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "responses_wave_status_idx" ON "responses" USING btree ("wave_id","status");--> statement-breakpoint
CREATE INDEX "responses_client_idx" ON "responses" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "responses_manager_idx" ON "responses" USING btree ("manager_id");--> statement-breakpoint
CREATE INDEX "score_facts_response_idx" ON "score_facts" USING btree ("response_id");--> statement-breakpoint
CREATE INDEX "score_facts_wave_metric_idx" ON "score_facts" USING btree ("wave_id","metric","attribute");
CREATE TABLE "attribute_moment_rollups" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"dimension" text NOT NULL,
	"dimension_value" text,
	"wave_id" uuid NOT NULL,
	"product_id" uuid,
	"pattern" text[] NOT NULL,
	"shard" smallint DEFAULT 0 NOT NULL,
	"respondents" integer NOT NULL,
	"sums" double precision[] NOT NULL,
	"cross_products" double precision[] NOT NULL,
	CONSTRAINT "attribute_moment_rollups_cell_unique" UNIQUE NULLS NOT DISTINCT("dimension","wave_id","dimension_value","product_id","pattern","shard"),
	CONSTRAINT "attribute_moment_rollups_dimension_known" CHECK ("attribute_moment_rollups"."dimension" IN ('total', 'size', 'section', 'region', 'unit', 'manager', 'group', 'contactRole', 'vip')),
	CONSTRAINT "attribute_moment_rollups_shard_range" CHECK ("attribute_moment_rollups"."shard" >= 0 AND "attribute_moment_rollups"."shard" < 32)
);
--> statement-breakpoint
CREATE TABLE "score_rollups" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"dimension" text NOT NULL,
	"dimension_value" text,
	"wave_id" uuid NOT NULL,
	"metric" text NOT NULL,
	"attribute" text,
	"product_id" uuid,
	"shard" smallint DEFAULT 0 NOT NULL,
	"answers" integer NOT NULL,
	"value_sum" double precision NOT NULL,
	"value_sum_of_squares" double precision NOT NULL,
	"promoters" integer NOT NULL,
	"passives" integer NOT NULL,
	"detractors" integer NOT NULL,
	"top_box" integer NOT NULL,
	CONSTRAINT "score_rollups_cell_unique" UNIQUE NULLS NOT DISTINCT("dimension","metric","wave_id","dimension_value","attribute","product_id","shard"),
	CONSTRAINT "score_rollups_dimension_known" CHECK ("score_rollups"."dimension" IN ('total', 'size', 'section', 'region', 'unit', 'manager', 'group', 'contactRole', 'vip')),
	CONSTRAINT "score_rollups_shard_range" CHECK ("score_rollups"."shard" >= 0 AND "score_rollups"."shard" < 32)
);
--> statement-breakpoint
ALTER TABLE "attribute_moment_rollups" ADD CONSTRAINT "attribute_moment_rollups_wave_id_waves_id_fk" FOREIGN KEY ("wave_id") REFERENCES "public"."waves"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attribute_moment_rollups" ADD CONSTRAINT "attribute_moment_rollups_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_rollups" ADD CONSTRAINT "score_rollups_wave_id_waves_id_fk" FOREIGN KEY ("wave_id") REFERENCES "public"."waves"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_rollups" ADD CONSTRAINT "score_rollups_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attribute_moment_rollups_wave_idx" ON "attribute_moment_rollups" USING btree ("wave_id");--> statement-breakpoint
CREATE INDEX "score_rollups_wave_idx" ON "score_rollups" USING btree ("wave_id");
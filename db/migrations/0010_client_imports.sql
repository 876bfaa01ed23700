CREATE TABLE "import_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"file_name" text NOT NULL,
	"format" text NOT NULL,
	"file" "bytea" NOT NULL,
	"layout_key" text NOT NULL,
	"headers" jsonb NOT NULL,
	"preview" jsonb NOT NULL,
	"mapping" jsonb NOT NULL,
	"status" text DEFAULT 'uploaded' NOT NULL,
	"mode" text,
	"total_rows" integer NOT NULL,
	"processed_rows" integer DEFAULT 0 NOT NULL,
	"inserted_rows" integer DEFAULT 0 NOT NULL,
	"updated_rows" integer DEFAULT 0 NOT NULL,
	"unchanged_rows" integer DEFAULT 0 NOT NULL,
	"rejected_rows" integer DEFAULT 0 NOT NULL,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"failure" text,
	"created_by" uuid,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "import_jobs_kind_known" CHECK ("import_jobs"."kind" IN ('clients', 'contacts', 'groups', 'products')),
	CONSTRAINT "import_jobs_format_known" CHECK ("import_jobs"."format" IN ('csv', 'xlsx')),
	CONSTRAINT "import_jobs_status_known" CHECK ("import_jobs"."status" IN ('uploaded', 'importing', 'done', 'refused', 'failed')),
	CONSTRAINT "import_jobs_mode_known" CHECK ("import_jobs"."mode" IS NULL OR "import_jobs"."mode" IN ('all_or_nothing', 'valid_rows')),
	CONSTRAINT "import_jobs_progress_bounded" CHECK ("import_jobs"."processed_rows" >= 0 AND "import_jobs"."processed_rows" <= "import_jobs"."total_rows")
);
--> statement-breakpoint
CREATE TABLE "import_layouts" (
	"kind" text NOT NULL,
	"layout_key" text NOT NULL,
	"mapping" jsonb NOT NULL,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "import_layouts_kind_layout_key_pk" PRIMARY KEY("kind","layout_key")
);
--> statement-breakpoint
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_layouts" ADD CONSTRAINT "import_layouts_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "import_jobs_created_idx" ON "import_jobs" USING btree ("created_at");
import { z } from 'zod';

const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  PGLITE_DIR: z.string().optional(),
  PORT: z.coerce.number().int().positive().default(3000),
  // The address respondents' links point to; defaults to this machine for the demo.
  APP_URL: z.string().url().optional(),
  // smtp://user:pass@host:port; without it mail goes to the outbox staff read at /outbox.
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().default('Barometer <barometer@localhost>'),
  // Messages per minute over SMTP, across all app processes; else the setting, else 600.
  MAIL_RATE_PER_MINUTE: z.coerce.number().int().positive().optional(),
  // "off" keeps this process from running the background mail sender (e.g. a second web node).
  MAIL_SENDER: z.enum(['on', 'off']).default('on'),
  // "false" lets a production build be tried over plain http on another host than localhost.
  COOKIE_SECURE: z.enum(['true', 'false']).optional(),
});

export type Environment = z.infer<typeof environmentSchema>;

let parsed: Environment | undefined;

/** Parsed once; a bad value stops the server with a message naming the variable. */
export function environment(): Environment {
  if (parsed) return parsed;
  const result = environmentSchema.safeParse(process.env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid environment: ${problems.join('; ')}`);
  }
  parsed = result.data;
  return parsed;
}

export function secureCookies(): boolean {
  const env = environment();
  if (env.COOKIE_SECURE) return env.COOKIE_SECURE === 'true';
  return env.NODE_ENV === 'production';
}

export function appUrl(): string {
  const env = environment();
  return (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, '');
}

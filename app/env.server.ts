import { z } from 'zod';

const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  PGLITE_DIR: z.string().optional(),
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

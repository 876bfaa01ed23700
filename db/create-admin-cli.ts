import { z } from 'zod';
import { connectFromEnvironment } from './client.ts';
import { hashPassword } from './passwords.ts';
import { users } from './schema/index.ts';

// npm run db:create-admin -- <email> "<full name>" with ADMIN_PASSWORD in the environment: the first
// admin of a production database, which db:setup deliberately leaves without the demo users.
const input = z
  .object({
    email: z.string().trim().toLowerCase().email('the first argument must be an e-mail address'),
    fullName: z.string().trim().min(1, 'the second argument must be the full name'),
    password: z.string().min(12, 'ADMIN_PASSWORD must hold at least 12 characters'),
  })
  .safeParse({
    email: process.argv[2] ?? '',
    fullName: process.argv[3] ?? '',
    password: process.env.ADMIN_PASSWORD ?? '',
  });
if (!input.success) {
  console.error(`Not created: ${input.error.issues.map((issue) => issue.message).join('; ')}`);
  process.exit(1);
}

const connection = connectFromEnvironment();
try {
  await connection.migrate();
  const created = await connection.db
    .insert(users)
    .values({
      email: input.data.email,
      fullName: input.data.fullName,
      role: 'admin',
      passwordHash: await hashPassword(input.data.password),
    })
    .onConflictDoNothing({ target: users.email })
    .returning({ id: users.id });
  console.log(
    created.length > 0
      ? `Admin ${input.data.email} created (${connection.driver}).`
      : `A user ${input.data.email} already exists; nothing changed.`,
  );
} finally {
  await connection.close();
}

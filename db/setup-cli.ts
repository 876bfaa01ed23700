import { connectFromEnvironment } from './client.ts';
import { existingDemoAccounts, isDatabaseEmpty, seedDemoData } from './seed/index.ts';
import { describeLogins, describeSeed } from './seed/report.ts';

// npm run db:setup — what a first start needs: the schema, the demo data on a fresh installation,
// and where to sign in.
const connection = connectFromEnvironment();
try {
  await connection.migrate();
  console.log(`Migrations applied (${connection.driver}).`);
  if (await isDatabaseEmpty(connection.db)) console.log(describeSeed(await seedDemoData(connection.db)));
  console.log(`\nBarometer: http://localhost:${process.env.PORT ?? 3000}`);
  const accounts = await existingDemoAccounts(connection.db);
  if (accounts.length > 0) console.log(describeLogins(accounts));
} finally {
  await connection.close();
}

import { connectFromEnvironment } from './client.ts';
import { seedDemoData } from './seed/index.ts';
import { describeSeed } from './seed/report.ts';

// npm run db:seed — migrate, then add the demo data unless the database already has users.
const connection = connectFromEnvironment();
try {
  await connection.migrate();
  console.log(describeSeed(await seedDemoData(connection.db)));
} finally {
  await connection.close();
}

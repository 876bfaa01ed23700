import { connectFromEnvironment } from './client.ts';

const connection = connectFromEnvironment();
await connection.migrate();
await connection.close();
console.log(`Migrations applied (${connection.driver}).`);

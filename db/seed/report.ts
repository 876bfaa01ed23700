import { type DemoAccount, DEMO_PASSWORD, type SeedResult } from './index.ts';

/** What a seed run did, for the command line. */
export function describeSeed(result: SeedResult): string {
  if (!result.seeded) return result.reason;
  const { rows, cast } = result;
  return [
    `Demo data added in ${(result.elapsedMs / 1000).toFixed(1)} s:`,
    `  ${rows.clients} clients in ${rows.clientGroups} holdings, ${rows.contacts} contacts, ${rows.managers} managers in ${rows.units} units`,
    `  ${rows.waves} closed waves: ${rows.invitations} invitations, ${rows.responses} responses, ${rows.scoreFacts} score facts, ${rows.followUps} follow-ups`,
    `  weak manager: ${cast.weakManager.fullName}; manager with two responding clients: ${cast.twoClientManager.fullName}`,
    `  manager@barometer.local is ${cast.demoManager.fullName}`,
  ].join('\n');
}

export function describeLogins(accounts: readonly DemoAccount[]): string {
  const width = Math.max(...accounts.map((account) => account.email.length));
  return [
    `Demo logins (password ${DEMO_PASSWORD}):`,
    ...accounts.map((account) => `  ${account.email.padEnd(width)}  ${account.role}`),
  ].join('\n');
}

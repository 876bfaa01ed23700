import { expect, test } from '@playwright/test';
import { demoUsers, signIn, watchConsole } from './helpers.ts';

// Q4 2026 has only October's actuals in the demo (its "today" is mid-November), so both KPIs that
// management weighs below are behind their quarter targets and need the manager's explanation.
const quarter = '2026-Q4';

test('management sets a quarter up, the manager explains the missed KPIs, management signs and exports', async ({
  browser,
}) => {
  const managerPage = await (await browser.newContext()).newPage();
  const managementPage = await (await browser.newContext()).newPage();
  const managerErrors = watchConsole(managerPage);
  const managementErrors = watchConsole(managementPage);

  // The manager's own name, as their overview lists exactly one card: their own.
  await signIn(managerPage, demoUsers.manager);
  await managerPage
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Performance' })
    .click();
  await expect(managerPage.getByRole('heading', { level: 1, name: 'Manager performance' })).toBeVisible();
  const ownRows = managerPage.getByRole('table').first().locator('tbody tr');
  await expect(ownRows).toHaveCount(1);
  const managerName = (await ownRows.getByRole('link').textContent())!.trim();

  // Management: weights for the quarter, then a target with a seasonal profile for this manager.
  const page = managementPage;
  await signIn(page, demoUsers.management);
  await page.goto('/performance');
  await page.getByRole('link', { name: 'KPIs, periods and weights' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'KPIs, periods and weights' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Review period' }).selectOption({ label: quarter });
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.getByRole('heading', { name: `Weights for ${quarter}` })).toBeVisible();
  await page.getByLabel('Commission income, %').fill('60');
  await page.getByLabel('Attracted funds, %').fill('40');
  await page.getByRole('button', { name: 'Save weights' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved.');

  await page.goto('/performance/targets');
  await page.getByRole('combobox', { name: 'KPI' }).selectOption({ label: 'Commission income' });
  await page.getByRole('button', { name: 'Show' }).click();
  await page.waitForURL(/kpi=/);
  const targetRow = page.getByRole('row').filter({ hasText: managerName });
  await targetRow.getByLabel(`Annual target: ${managerName}`).fill('10000000000');
  await targetRow
    .getByLabel(`Seasonal profile (Jan … Dec): ${managerName}`)
    .fill('0.8 0.9 1 1 1 1 1 1 1 1 1.1 1.2');
  await targetRow.getByRole('button', { name: `Save: ${managerName}` }).click();
  await expect(page.getByRole('status')).toHaveText(`Target saved for ${managerName}.`);

  // The manager opens their card for the quarter and explains each KPI below target.
  await managerPage.getByRole('link', { name: managerName, exact: true }).click();
  await expect(
    managerPage.getByRole('heading', { level: 1, name: `Scorecard: ${managerName}` }),
  ).toBeVisible();
  await managerPage.getByRole('combobox', { name: 'Review period' }).selectOption({ label: quarter });
  await managerPage.getByRole('button', { name: 'Show' }).click();
  await expect(managerPage.getByText(/· 2026-Q4 \(/)).toBeVisible();
  await expect(
    managerPage.getByRole('heading', { level: 1, name: `Scorecard: ${managerName}` }),
  ).toBeVisible();
  for (const kpi of ['Commission income', 'Attracted funds']) {
    const row = managerPage.getByRole('row').filter({ hasText: kpi });
    await expect(row.getByText('Below target: the manager’s explanation is needed')).toBeVisible();
    await row
      .getByLabel('Explanation')
      .fill(`Only October is in for ${kpi.toLowerCase()}; November and December close the quarter.`);
    await row.getByRole('button', { name: 'Save explanation' }).click();
    await expect(row.getByText(`Only October is in for ${kpi.toLowerCase()}`).first()).toBeVisible();
    await expect(row.getByText('Below target: the manager’s explanation is needed')).toHaveCount(0);
  }

  // Management signs the review off and exports it.
  await page.goto('/performance');
  await page.getByRole('combobox', { name: 'Review period' }).selectOption({ label: quarter });
  await page.getByRole('button', { name: 'Show' }).click();
  await page.waitForURL(/\?period=/);
  await page.getByRole('link', { name: managerName, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Scorecard: ${managerName}` })).toBeVisible();
  await expect(page.getByText(/· 2026-Q4 \(/)).toBeVisible();
  await page.getByRole('button', { name: 'Sign the review off' }).click();
  await expect(page.getByText(/^Signed by .+ The card is frozen as it was then\.$/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign the review off' })).toHaveCount(0);

  const exportLink = page.getByRole('link', { name: 'Download XLSX' });
  const response = await page.request.get((await exportLink.getAttribute('href'))!);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toMatch(/spreadsheetml/);
  const bytes = await response.body();
  expect([bytes[0], bytes[1]]).toEqual([0x50, 0x4b]);
  await expect(page.getByRole('button', { name: 'Print' })).toBeVisible();

  expect(managerErrors).toEqual([]);
  expect(managementErrors).toEqual([]);
});

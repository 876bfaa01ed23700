import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { withInnCheckDigits } from '../../db/inn.ts';
import { demoUsers, signIn } from './helpers.ts';

// Nine digits no seeded client uses (region 99), completed with valid check digits.
const innA = withInnCheckDigits('990000101');
const innB = withInnCheckDigits('990000102');
const badInn = '9900001030';

const csv = [
  'INN,Name,OKVED2,Region,Unit,Registered on,"Revenue, RUB",Headcount',
  `${innA},ООО «Импорт Альфа»,46.90,RU-MOW,MSK,2018-04-02,350000000,80`,
  `${badInn},ООО «Импорт Ошибка»,46.90,RU-MOW,MSK,2018-04-02,350000000,80`,
  `${innB},ООО «Импорт Бета»,62.01,RU-MOW,MSK,09.11.2012,"2 500 000 000,00",900`,
].join('\r\n');

test('imports a CSV with an error: all or nothing refuses it, valid rows import, the clients appear', async ({
  page,
}) => {
  await signIn(page, demoUsers.marketing);
  await page.goto('/clients');
  await page.getByRole('link', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Import the client base' })).toBeVisible();

  await page.getByLabel('CSV or XLSX file').setInputFiles({
    name: 'new-clients.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv, 'utf8'),
  });
  await page.getByRole('button', { name: 'Upload and check' }).click();

  // The check: every column recognised, the bad INN reported by row and column.
  await expect(page.getByText('3 rows: 2 valid, 1 with errors.')).toBeVisible();
  const errors = page.getByRole('table', { name: 'Errors' });
  await expect(errors.getByRole('row')).toHaveCount(2);
  await expect(errors.getByRole('row').nth(1)).toContainText('3');
  await expect(errors.getByRole('row').nth(1)).toContainText('A · INN');
  await expect(errors.getByRole('row').nth(1)).toContainText(badInn);
  await expect(errors.getByRole('row').nth(1)).toContainText('Not a valid INN');

  // All or nothing: nothing is written.
  await page.getByLabel('All or nothing: import only if every row is valid').check();
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('Nothing was imported');

  // The valid rows: two clients added, the rejected row handed back with its error.
  await page.getByLabel('Import the valid rows and give me the rejected ones as a file to fix').check();
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText('2 added, 0 changed, 0 unchanged, 1 rejected.');
  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download the rejected rows (CSV)' }).click();
  const download = await downloadPromise;
  const rejected = await readFile((await download.path())!, 'utf8');
  expect(rejected).toContain(badInn);
  expect(rejected).toContain('Errors');
  expect(rejected).toContain('Not a valid INN');

  await page.getByRole('link', { name: 'Back to clients' }).first().click();
  const filters = page.getByRole('form', { name: 'Filters' });
  await filters.getByLabel('Name or INN').fill('Импорт');
  await filters.getByRole('button', { name: 'Apply' }).click();
  const names = page.locator('tbody tr td:first-child a');
  await expect(names).toHaveText(['ООО «Импорт Бета»', 'ООО «Импорт Альфа»']);
  await expect(page.locator('tbody tr').first()).toContainText('Large');
});

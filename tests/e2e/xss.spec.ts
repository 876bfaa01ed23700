import { expect, test } from '@playwright/test';
import { demoUsers, signIn } from './helpers.ts';

const hostileName = '<script>alert(1)</script><img src=x onerror=alert(2)>';

test('a client named like a script is shown as text everywhere', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  await signIn(page, demoUsers.marketing);
  await page.goto('/clients/new');
  await page.getByLabel('Name').fill(hostileName);
  await page.getByLabel('INN').fill('7707083893');
  await page.getByLabel('OKVED2').fill('62.01');
  await page.getByLabel('Registered').fill('2020-01-15');
  await page.getByLabel('Revenue, RUB').fill('90000000');
  await page.getByLabel('Headcount').fill('12');
  await page.getByRole('button', { name: 'Add client' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText(hostileName);
  await page.goto(`/clients?q=${encodeURIComponent('<script>')}`);
  await expect(page.getByRole('link', { name: hostileName })).toBeVisible();
  await page.goto('/overview');
  expect(dialogs).toEqual([]);
  expect(await page.evaluate(() => document.querySelectorAll('img[src="x"]').length)).toBe(0);
});

import { expect, test } from '@playwright/test';
import { demoUsers, signIn, submitSignIn } from './helpers.ts';

const expectedNavigation = {
  admin: [
    'Overview',
    'Clients',
    'Segments',
    'Groups',
    'Surveys',
    'Waves',
    'Analytics',
    'Loyalty',
    'Follow-ups',
    'Managers',
    'Performance',
    'Outbox',
    'Settings',
  ],
  marketing: [
    'Overview',
    'Clients',
    'Segments',
    'Groups',
    'Surveys',
    'Waves',
    'Analytics',
    'Loyalty',
    'Follow-ups',
    'Outbox',
  ],
  management: [
    'Overview',
    'Clients',
    'Segments',
    'Groups',
    'Surveys',
    'Waves',
    'Analytics',
    'Loyalty',
    'Follow-ups',
    'Managers',
    'Performance',
    'Settings',
  ],
  manager: ['Overview', 'Clients', 'Groups', 'Analytics', 'Loyalty', 'Follow-ups', 'Managers', 'Performance'],
} as const;

for (const [role, links] of Object.entries(expectedNavigation)) {
  test(`${role} signs in and sees the navigation of their role`, async ({ page }) => {
    await signIn(page, demoUsers[role as keyof typeof demoUsers]);
    await expect(page).toHaveURL(/\/overview$/);
    const navigation = page.getByRole('navigation', { name: 'Main' });
    await expect(navigation.getByRole('link')).toHaveText([...links]);
  });
}

test('a wrong password shows an error and no session', async ({ page }) => {
  await submitSignIn(page, demoUsers.marketing, 'not-the-password');
  await expect(page.getByRole('alert')).toHaveText('Wrong e-mail or password.');
  await page.goto('/clients');
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fclients/);
});

test('filters the client list and opens a client', async ({ page }) => {
  await signIn(page, demoUsers.marketing);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Clients' }).click();
  const filters = page.getByRole('form', { name: 'Filters' });
  await filters.getByLabel('Size').selectOption('large');
  await filters.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/size=large/);
  const sizes = page.locator('tbody tr td:nth-child(3)');
  await expect(sizes.first()).toHaveText('Large');
  expect(new Set(await sizes.allTextContents())).toEqual(new Set(['Large']));

  const firstClient = page.locator('tbody tr td:first-child a').first();
  const name = (await firstClient.textContent())!;
  await firstClient.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  await expect(page.getByRole('heading', { name: 'Contacts' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Manager history' })).toBeVisible();
});

test('switches the interface to Russian and remembers it', async ({ page }) => {
  await signIn(page, demoUsers.management);
  await page.getByRole('button', { name: 'RU', exact: true }).click();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link').first()).toHaveText('Обзор');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Обзор');
});

test("a manager sees only their own clients and gets 404 for another manager's client", async ({
  page,
  browser,
}) => {
  const marketing = await browser.newPage();
  await signIn(marketing, demoUsers.marketing);
  await marketing.goto('/clients?size=large');
  await signIn(page, demoUsers.manager);
  await page.goto('/clients');
  const managerColumn = page.locator('tbody tr td:nth-child(7)');
  const ownManager = (await managerColumn.first().textContent())!;
  expect(new Set(await managerColumn.allTextContents())).toEqual(new Set([ownManager]));

  const othersRows = marketing.locator('tbody tr').filter({ hasNot: marketing.getByText(ownManager) });
  const othersHref = (await othersRows.locator('td:first-child a').first().getAttribute('href'))!;
  const response = await page.goto(othersHref);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
  await marketing.close();
});

test('after sign-out the back button shows nothing private', async ({ page }) => {
  await signIn(page, demoUsers.marketing);
  await page.goto('/clients');
  await expect(page.getByRole('heading', { name: 'Clients' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goBack();
  await expect(page).toHaveURL(/\/login/);
  await expect(page.locator('tbody tr')).toHaveCount(0);
});

import { expect, test } from '@playwright/test';
import { demoUsers, failOnConsoleErrors, signIn } from './helpers.ts';

failOnConsoleErrors();

test('explores segments, switches the dimension and ranks target segments', async ({ page }) => {
  await signIn(page, demoUsers.marketing);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Segments' }).click();
  await expect(page.getByRole('heading', { name: 'Segment explorer' })).toBeVisible();
  const bySize = page.getByRole('region', { name: 'Segments by Size', exact: true });
  await expect(bySize.getByRole('cell', { name: 'Large', exact: true })).toBeVisible();

  const choices = page.getByRole('form', { name: 'Segment by' });
  await choices.getByLabel('Segment by').selectOption('section');
  await choices.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(/by=section/);
  const targets = page.getByRole('region', { name: 'Target segments by Industry section', exact: true });
  await expect(targets.getByRole('columnheader', { name: 'Priority' })).toBeVisible();
  const ranks = targets.locator('tbody tr td:first-child');
  await expect(ranks.first()).toHaveText('1');
  expect((await ranks.allTextContents()).map(Number)).toEqual(
    Array.from({ length: await ranks.count() }, (_, i) => i + 1),
  );
  await expect(targets.getByRole('link', { name: 'CSV' })).toHaveAttribute(
    'href',
    /\/segments\/export\/csv\?.*view=targets/,
  );

  // The banking view folds micro into small.
  await choices.getByLabel('Segment by').selectOption('size');
  await choices.getByLabel('Banking view (micro in small)').check();
  await choices.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(/sizeView=banking/);
  const sizes = page
    .getByRole('region', { name: 'Segments by Size', exact: true })
    .locator('tbody tr td:first-child');
  await expect(sizes).toHaveText(['Small', 'Medium', 'Large']);
});

test('opens a client group whose companies are served by two units', async ({ page }) => {
  await signIn(page, demoUsers.management);
  await page.goto('/groups');
  await expect(page.getByRole('heading', { name: 'Client groups' })).toBeVisible();
  // Groups that break centralisation are listed first.
  const firstRow = page.locator('tbody tr').first();
  await expect(firstRow.getByText('Served by several units or managers')).toBeVisible();
  await firstRow.getByRole('link').first().click();
  await expect(page.getByRole('alert')).toContainText('Served by several units or managers');
  await expect(page.getByRole('alert')).toContainText('2 different units');
  await expect(page.getByRole('region', { name: 'Revenue-weighted NPS' })).toBeVisible();
});

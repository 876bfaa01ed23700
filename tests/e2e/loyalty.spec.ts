import { expect, test } from '@playwright/test';
import { demoUsers, failOnConsoleErrors, signIn } from './helpers.ts';

failOnConsoleErrors();

test('the at-risk list shows detractor and falling accounts with their manager, largest income first', async ({
  page,
}) => {
  await signIn(page, demoUsers.marketing);
  await page.getByRole('link', { name: 'Loyalty', exact: true }).click();
  await page
    .getByRole('navigation', { name: 'Loyalty views' })
    .getByRole('link', { name: 'At risk' })
    .click();
  await expect(page.getByRole('heading', { name: 'Accounts at risk' })).toBeVisible();
  const rows = page.locator('table tbody tr');
  expect(await rows.count()).toBeGreaterThan(0);
  await expect(page.getByText(/accounts at risk, .* RUB of income/)).toBeVisible();
  const incomes = await rows.evaluateAll((list) =>
    list.map((row) => Number((row.querySelectorAll('td')[5]?.textContent ?? '').replace(/[^\d]/g, ''))),
  );
  expect(incomes).toEqual([...incomes].sort((a, b) => b - a));
});

test('the value × satisfaction matrix draws a dot per client, each linking to its client', async ({
  page,
}) => {
  await signIn(page, demoUsers.marketing);
  await page.goto('/loyalty');
  await expect(page.getByRole('heading', { name: 'Value × satisfaction' })).toBeVisible();
  const chart = page.getByRole('img', { name: 'Clients by value and satisfaction' });
  await expect(chart).toBeVisible();
  const dots = chart.locator('a.matrix-dot');

  // The same clients as the matrix's table export: one dot each.
  const href = await page.getByRole('link', { name: 'CSV' }).getAttribute('href');
  const csv = await (await page.request.get(href!)).text();
  const clientIds = csv
    .trim()
    .split('\r\n')
    .slice(1)
    .map((line) => line.replace(/^\uFEFF/, '').split(',')[0]);
  expect(clientIds.length).toBeGreaterThan(0);
  expect(await dots.count()).toBe(clientIds.length);
  const dotTargets = await dots.evaluateAll((links) => links.map((link) => link.getAttribute('href')));
  expect(new Set(dotTargets)).toEqual(new Set(clientIds.map((id) => `/clients/${id}`)));

  // The last dot is drawn on top of any it overlaps, so a click lands on it.
  const dot = dots.last();
  const target = await dot.getAttribute('href');
  await dot.click();
  await expect(page).toHaveURL(new RegExp(`${target}$`));
  await expect(page.getByRole('heading', { name: 'Satisfaction history' })).toBeVisible();
});

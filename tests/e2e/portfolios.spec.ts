import { expect, test } from '@playwright/test';
import { demoUsers, signIn } from './helpers.ts';

test('management reassigns a client to another manager and sees it in the assignment history', async ({
  page,
}) => {
  await signIn(page, demoUsers.management);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Managers' }).click();
  await expect(page.getByRole('heading', { name: 'Managers and portfolios' })).toBeVisible();
  await expect(
    page.getByRole('heading', { name: 'Large and VIP clients without a personal manager' }),
  ).toBeVisible();

  // A regular manager's card (not a unit head's), with clients.
  const managerRow = page
    .locator('tbody tr')
    .filter({ hasNot: page.getByText('Unit head') })
    .filter({ has: page.locator('td:nth-child(3)', { hasText: /^[1-9]/ }) })
    .first();
  const managerName = (await managerRow.getByRole('link').textContent())!;
  await managerRow.getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1, name: managerName })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Economic efficiency' })).toBeVisible();

  // A company outside any group, so the one-manager-per-group rule does not apply.
  const portfolio = page.getByRole('table', { name: 'Portfolio' });
  const clientRow = portfolio
    .locator('tbody tr')
    .filter({ has: page.locator('td:nth-child(5)', { hasText: /^—$/ }) })
    .first();
  const clientName = (await clientRow.getByRole('link').textContent())!;
  await clientRow.getByRole('checkbox').check();

  const form = page.getByRole('region', { name: 'Reassign clients' });
  const target = form.getByLabel('New personal manager');
  await target.selectOption({ index: 1 });
  const targetName = (await target.locator('option:checked').textContent())!;
  const reason = `Workload balancing ${Date.now()}`;
  await form.getByLabel('Reason', { exact: true }).fill(reason);
  await form.getByRole('button', { name: 'Reassign' }).click();

  // A client rotated in the last twelve months needs an explicit confirmation first.
  const done = form.getByRole('status');
  const warning = form.getByRole('alert');
  await expect(done.or(warning)).toBeVisible();
  if (await warning.isVisible()) {
    await expect(warning).toContainText(clientName);
    await warning.getByRole('checkbox').check();
    await form.getByRole('button', { name: 'Confirm and reassign' }).click();
  }
  await expect(done).toHaveText('1 client reassigned.');
  await expect(portfolio.getByRole('link', { name: clientName, exact: true })).toHaveCount(0);

  // The history on this card shows the hand-over to the new manager.
  const handedOver = page
    .getByRole('table', { name: 'Assignment history' })
    .locator('tbody tr')
    .filter({ hasText: clientName })
    .first();
  await expect(handedOver).toContainText(targetName);

  // The new manager's card lists the client with the reason and an open-ended assignment.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Managers' }).click();
  await expect(page.getByRole('heading', { name: 'Managers and portfolios' })).toBeVisible();
  await page.getByRole('link', { name: targetName, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: targetName })).toBeVisible();
  const history = page.getByRole('table', { name: 'Assignment history' });
  const row = history.locator('tbody tr').filter({ hasText: reason });
  await expect(row).toContainText(clientName);
  await expect(row).toContainText('current');
  await expect(row).toContainText(managerName);
});

import { expect, type Page, test } from '@playwright/test';
import { e2eSmtpPort } from '../../playwright.config.ts';
import { startSmtpCatcher } from '../support/smtp-catcher.ts';
import { demoUsers, signIn } from './helpers.ts';

// The demo manager behind manager@barometer.local (db/seed/users.ts).
const demoManagerName = 'Кравченко Борис Олегович';

function localDateTime(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Clicks the score `value` in the rating (or matrix row) whose accessible name matches `name`. */
async function rate(page: Page, name: RegExp, value: number) {
  await page.getByRole('radiogroup', { name }).first().getByText(String(value), { exact: true }).click();
}

/** Clicks the score `value` of the single rating question whose title contains `title`. */
async function rateQuestion(page: Page, title: string, value: number) {
  await page
    .locator('.sd-question')
    .filter({ hasText: title })
    .getByText(String(value), { exact: true })
    .first()
    .click();
}

test('a wave goes out by e-mail, is answered across a reload, and reaches the monitor and the manager', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const smtp = await startSmtpCatcher({ port: e2eSmtpPort });
  try {
    const waveName = `Pulse ${Date.now()}`;
    await signIn(page, demoUsers.marketing);
    await page.goto('/waves/new');
    await page.getByLabel('Name', { exact: true }).fill(waveName);
    const now = Date.now();
    await page.getByLabel('Send from').fill(localDateTime(new Date(now - 60 * 60 * 1000)));
    await page.getByLabel('Send until').fill(localDateTime(new Date(now + 30 * 24 * 60 * 60 * 1000)));
    await page.getByLabel('Links expire').fill(localDateTime(new Date(now + 45 * 24 * 60 * 60 * 1000)));
    await page.getByLabel('Personal manager').selectOption({ label: demoManagerName });
    await page.getByRole('checkbox', { name: 'Decision maker' }).check();
    await page.getByRole('button', { name: 'Preview the audience' }).click();
    await expect(page.getByText(/^Invitations: \d+ contacts at \d+ clients$/)).toBeVisible();
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(waveName);
    await page.getByRole('button', { name: 'Launch wave' }).click();
    await expect(page.getByText(/^Wave launched: \d+ invitations/)).toBeVisible();
    const waveUrl = page.url();

    const invitation = await smtp.waitFor((mail) => /\/s\/[A-Za-z0-9_-]{20,}/.test(mail.text), {
      timeoutMs: 60_000,
    });
    const link = invitation.text.match(/https?:\/\/\S+\/s\/[A-Za-z0-9_-]{20,}/)![0];
    expect(new URL(link).pathname).toMatch(/^\/s\//);

    const respondent = await browser.newPage();
    await respondent.goto(new URL(link).pathname);
    await respondent.getByRole('button', { name: 'English' }).click();
    const company = (await respondent.getByText(/^Questionnaire for /).textContent())!
      .replace('Questionnaire for ', '')
      .trim();
    await expect(respondent.getByRole('heading', { name: 'Products you use' })).toBeVisible();
    await rate(respondent, /Satisfaction/, 4);
    await respondent.getByRole('button', { name: 'Next' }).click();
    await expect(respondent.getByRole('heading', { name: 'Terms and service' })).toBeVisible();
    await rate(respondent, /tariffs/i, 2);
    await respondent.getByRole('button', { name: 'Next' }).click();
    await expect(respondent.getByRole('heading', { name: 'Overall assessment' })).toBeVisible();
    await expect(respondent.getByText(/Your answers are saved/)).toBeVisible();

    // Half answered: close the tab's state by reloading; it resumes where it was, answers kept.
    await respondent.reload();
    await respondent.getByRole('button', { name: 'English' }).click();
    await expect(respondent.getByRole('heading', { name: 'Overall assessment' })).toBeVisible();
    await respondent.getByRole('button', { name: 'Previous' }).click();
    await expect(
      respondent
        .getByRole('radiogroup', { name: /tariffs/i })
        .first()
        .getByRole('radio', { name: '2' }),
    ).toBeChecked();
    await respondent.getByRole('button', { name: 'Next' }).click();

    await rateQuestion(respondent, 'How likely is it that you would recommend', 2);
    await rateQuestion(respondent, 'Overall, how satisfied', 2);
    await respondent.getByRole('button', { name: 'Complete' }).click();
    await expect(respondent.getByText('Thank you for your answers!')).toBeVisible();
    await respondent.reload();
    await expect(respondent.getByRole('heading', { name: /Already answered/ })).toBeVisible();
    await respondent.close();

    await page.goto(waveUrl);
    await expect(page.getByRole('row', { name: /Completed/ }).first()).toContainText('1');

    const manager = await browser.newPage();
    await signIn(manager, demoUsers.manager);
    await manager.goto('/follow-ups?status=open');
    await expect(manager.getByRole('row').filter({ hasText: company }).first()).toContainText(/Detractor/i);
    await manager.close();
  } finally {
    await smtp.close();
  }
});

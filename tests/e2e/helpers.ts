import { expect, type Page } from '@playwright/test';

export const demoPassword = 'barometer-demo';

export const demoUsers = {
  admin: 'admin@barometer.local',
  marketing: 'marketing@barometer.local',
  management: 'management@barometer.local',
  manager: 'manager@barometer.local',
} as const;

/** Fills and submits the sign-in form, in English so assertions read one language. */
export async function submitSignIn(page: Page, email: string, password = demoPassword) {
  await page.goto('/login');
  await page.getByRole('button', { name: 'EN', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to Barometer' })).toBeVisible();
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs in and waits until the app has left the sign-in page. */
export async function signIn(page: Page, email: string, password = demoPassword) {
  await submitSignIn(page, email, password);
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

import { expect, type Page, test } from '@playwright/test';

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

/**
 * Signs in and waits for the first page (every role lands on the overview), so the next navigation
 * carries the session.
 */
export async function signIn(page: Page, email: string, password = demoPassword) {
  await submitSignIn(page, email, password);
  await expect(page).toHaveURL(/\/overview$/);
}

/**
 * Collects a page's uncaught errors and console errors: a hydration mismatch or a chart that throws
 * shows up only there. (The missing favicon's 404 is the one error every page logs.)
 */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
      errors.push(message.text());
  });
  return errors;
}

/** Fails each test of the calling spec file whose `page` logged an error (see watchConsole). */
export function failOnConsoleErrors() {
  let errors: string[] = [];
  test.beforeEach(({ page }) => {
    errors = watchConsole(page);
  });
  test.afterEach(() => {
    expect(errors).toEqual([]);
  });
}

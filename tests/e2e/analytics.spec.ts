import { readFile } from 'node:fs/promises';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { csvParseRows } from 'd3-dsv';
import { demoUsers, failOnConsoleErrors, signIn } from './helpers.ts';

const seededWaves = ['Весна 2025 / Spring 2025', 'Осень 2025 / Autumn 2025', 'Весна 2026 / Spring 2026'];

failOnConsoleErrors();

/** The body rows of a table as the reader sees them, cell by cell. */
async function tableRows(table: Locator): Promise<string[][]> {
  return table
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) => [...row.querySelectorAll('td')].map((cell) => (cell.textContent ?? '').trim())),
    );
}

/** Fetches an export link with the page's session and parses the CSV (after its byte-order mark). */
async function exportedCsv(page: Page, link: Locator): Promise<string[][]> {
  const href = (await link.getAttribute('href'))!;
  const response = await page.request.get(href);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('text/csv; charset=utf-8');
  const text = await response.text();
  expect(text.charCodeAt(0)).toBe(0xfeff);
  return csvParseRows(text.slice(1).replace(/\r\n$/, ''));
}

/** A figure as the English screen shows it ("1,234.5", "31.3%") read back as a number. */
const screenNumber = (text: string) => Number(text.replace(/[,%]/g, ''));

test('the overview shows the seeded waves with their figures', async ({ page }) => {
  await signIn(page, demoUsers.marketing);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Analytics' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Satisfaction overview');

  const filters = page.getByRole('form', { name: 'Filters' });
  await expect(filters.getByLabel('Wave').locator('option')).toContainText([...seededWaves].reverse());
  await expect(filters.getByLabel('Wave')).toHaveValue(/[0-9a-f-]{36}/);
  await expect(page.getByText(`${seededWaves[2]}, compared with ${seededWaves[1]}`)).toBeVisible();

  const waves = page.getByRole('region', { name: 'Waves' });
  const rows = await tableRows(waves);
  expect(rows.map((row) => row[0])).toEqual(seededWaves);
  for (const row of rows) expect(screenNumber(row[1])).toBeGreaterThan(30);

  // The demo's relationship survey has no CES question: its tile says so instead of a figure.
  for (const metric of ['NPS', 'CSAT', 'CSI']) {
    await expect(page.getByRole('region', { name: metric, exact: true }).locator('.figure')).toHaveText(/\d/);
  }
  await expect(page.getByRole('region', { name: 'CES', exact: true })).toContainText('No answers');
});

test('changing a filter changes the figures and the URL', async ({ page }) => {
  await signIn(page, demoUsers.management);
  await page.goto('/analytics');
  const npsTile = page.getByRole('region', { name: 'NPS', exact: true });
  const before = (await npsTile.textContent())!;

  await page.getByRole('form', { name: 'Filters' }).getByLabel('Size').selectOption('large');
  await expect(page).toHaveURL(/[?&]size=large/);
  await expect(npsTile).not.toHaveText(before);
  await expect(page.getByRole('form', { name: 'Filters' }).getByLabel('Size')).toHaveValue('large');

  // The URL alone reproduces the view: a fresh page on it shows the same figures.
  const shared = await page.context().newPage();
  await shared.goto(page.url());
  await expect(shared.getByRole('region', { name: 'NPS', exact: true })).toHaveText(
    (await npsTile.textContent())!,
  );
  await shared.close();
});

test('a segment below the threshold shows "n < 5" and exports without a value', async ({ page }) => {
  await signIn(page, demoUsers.management);
  await page.goto('/analytics?by=manager&metric=nps');
  const segments = page.getByRole('region', { name: 'NPS by Manager' });
  const rows = await tableRows(segments);
  const small = rows.find((row) => row[1] === 'n < 5');
  expect(small, 'the demo data has a manager with fewer than 5 answers').toBeDefined();
  expect(small!.slice(1, 5)).toEqual(['n < 5', 'n < 5', 'n < 5', 'n < 5']);
  await expect(page.locator('svg text', { hasText: 'n < 5' }).first()).toBeVisible();

  const csv = await exportedCsv(page, segments.getByRole('link', { name: 'CSV' }));
  const exported = csv.find((row) => row[0] === small![0])!;
  expect(exported.slice(1, 5)).toEqual(['n < 5', 'n < 5', 'n < 5', 'n < 5']);
  expect(exported.slice(1).some((field) => /^-?\d/.test(field))).toBe(false);
});

test('a CSV export is valid CSV with the same figures as the screen', async ({ page }) => {
  await signIn(page, demoUsers.marketing);
  await page.goto('/analytics/heatmap?metric=nps&by=size');
  const table = page.getByRole('region', { name: /NPS by Size and product/ });
  const screen = await tableRows(table);
  expect(screen.length).toBeGreaterThan(4);
  const csv = await exportedCsv(page, table.getByRole('link', { name: 'CSV' }));
  const header = await table.locator('thead th').allTextContents();
  expect(csv[0]).toEqual(header);
  expect(csv.slice(1)).toHaveLength(screen.length);
  let figuresCompared = 0;
  for (const [index, row] of screen.entries()) {
    const fields = csv[index + 1];
    expect(fields.slice(0, 2)).toEqual(row.slice(0, 2));
    for (const column of [2, 3, 4, 5]) {
      if (row[column] === 'n < 5' || row[column] === '—')
        expect(fields[column]).toBe(row[column] === '—' ? '' : 'n < 5');
      else {
        expect(Number(fields[column])).toBe(screenNumber(row[column]));
        figuresCompared++;
      }
    }
  }
  // Not every cell suppressed, or the loop above would compare no figure at all.
  expect(figuresCompared).toBeGreaterThan(4);
});

test('a chart downloads as SVG and as PNG', async ({ page }) => {
  await signIn(page, demoUsers.management);
  await page.goto('/analytics/trends');
  const frame = page.locator('figure', { hasText: 'NPS by wave' });

  const [svg] = await Promise.all([
    page.waitForEvent('download'),
    frame.getByRole('button', { name: 'SVG' }).click(),
  ]);
  expect(svg.suggestedFilename()).toBe('nps-by-wave.svg');
  const markup = await readFile((await svg.path())!, 'utf8');
  expect(markup).toMatch(/^<\?xml/);
  expect(markup).toContain('<title>NPS by wave</title>');

  const [png] = await Promise.all([
    page.waitForEvent('download'),
    frame.getByRole('button', { name: 'PNG' }).click(),
  ]);
  expect(png.suggestedFilename()).toBe('nps-by-wave.png');
  const bytes = await readFile((await png.path())!);
  expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
});

test('a manager sees their portfolio only and no driver analysis', async ({ page }) => {
  await signIn(page, demoUsers.manager);
  await page.goto('/analytics');
  await expect(page.getByText('The figures cover your own portfolio only.')).toBeVisible();
  await expect(
    page.getByRole('navigation', { name: 'Analytics' }).getByRole('link', { name: 'Drivers' }),
  ).toHaveCount(0);
  const response = await page.goto('/analytics/drivers');
  expect(response?.status()).toBe(404);
});

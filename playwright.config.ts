import { defineConfig, devices } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 3100);
// The app mails through this port; the wave test listens on it with a real SMTP server.
export const e2eSmtpPort = Number(process.env.E2E_SMTP_PORT ?? 2525);

// Debian's Chromium, never a downloaded browser; the flags keep it off the (closed) network.
export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${port}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    ...devices['Desktop Chrome'],
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      env: {
        ...process.env,
        XDG_CONFIG_HOME: '/tmp/barometer-chromium/config',
        XDG_CACHE_HOME: '/tmp/barometer-chromium/cache',
      },
    },
  },
  webServer: {
    command: 'npx tsx tests/e2e/serve.ts',
    url: `http://localhost:${port}/login`,
    reuseExistingServer: false,
    timeout: 420_000,
    stdout: 'pipe',
    env: { E2E_PORT: String(port), SMTP_URL: `smtp://127.0.0.1:${e2eSmtpPort}` },
  },
});

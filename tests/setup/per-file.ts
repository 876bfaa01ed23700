import { beforeAll, vi } from 'vitest';

// A console.error during a test is a failure (STYLE.md): it is how React and Remix report trouble.
beforeAll(() => {
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    throw new Error(`console.error during test: ${args.map(String).join(' ')}`);
  });
});

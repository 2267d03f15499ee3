// Every browser test fails if the page throws or the WASM panics, even when
// the behaviour under test happened to look right.
import { test as base, expect } from '@playwright/test';

export const test = base.extend<{ failOnPageErrors: void }>({
  failOnPageErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error' && m.text().includes('panicked')) errors.push(m.text());
      });
      await use();
      expect(errors, 'page errors or WASM panics').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

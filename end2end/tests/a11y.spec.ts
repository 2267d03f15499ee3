// Accessibility (issue 11): axe-core, the engine behind Lighthouse's
// accessibility audit, on every state of the page a user meets, in
// Debian's chromium. Every rule axe has is on (WCAG 2.x A/AA and its best
// practices); the test fails on any violation and prints what and where.
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { addTodo, hydrated, item, logIn, register, uniqueUser } from './helpers';

async function noViolations(page: Page, state: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const found = results.violations.map((v) => ({
    rule: v.id,
    impact: v.impact,
    where: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n')[1]?.trim() ?? ''}`),
  }));
  expect(found, `axe violations on ${state}`).toEqual([]);
}

async function newPage(browser: Browser, locale: string, width?: number) {
  const context = await browser.newContext(
    width ? { locale, viewport: { width, height: 800 } } : { locale },
  );
  return context.newPage();
}

// Every state in both languages: Russian is longer and wraps differently,
// and `lang` must be right for screen readers.
for (const locale of ['en-US', 'ru-RU']) {
  test.describe(locale, () => {
    test.use({ locale });

    test('log-in and register pages', async ({ page }) => {
      await page.goto('/login');
      await hydrated(page);
      await noViolations(page, 'the log-in page');
      await page.locator('.auth-form button[type=submit]').click();
      await noViolations(page, 'the log-in page with its errors');
      await page.goto('/register');
      await hydrated(page);
      await noViolations(page, 'the register page');
    });

    test('an empty list, a full one, editing, and the account page', async ({ page }) => {
      await register(page);
      await noViolations(page, 'an empty list');
      for (const title of ['Milk', 'Eggs', 'Bread']) await addTodo(page, title);
      await item(page, 'Eggs').locator('.toggle').click();
      await expect(item(page, 'Eggs')).toHaveClass(/completed/);
      await noViolations(page, 'a list with todos, one completed');
      await item(page, 'Milk').locator('.title').dblclick();
      await noViolations(page, 'a todo being edited');
      await page.keyboard.press('Escape');
      await page.locator('body').press('?');
      await expect(page.locator('dialog.help-dialog')).toBeVisible();
      await noViolations(page, 'the keyboard shortcuts dialog');
      await page.keyboard.press('Escape');
      await page.locator('.account-link').click();
      await expect(page).toHaveURL(/\/account$/);
      await noViolations(page, 'the account page');
    });

    test('the share dialog and a toast', async ({ browser }) => {
      const ann = await newPage(browser, locale);
      const other = await newPage(browser, locale);
      const user = await register(ann);
      await logIn(other, user);
      await addTodo(other, 'From elsewhere');
      await expect(ann.locator('.toast').first()).toBeVisible();
      await noViolations(ann, 'a toast on screen');
      await ann.locator('.share-button').click();
      await expect(ann.locator('dialog.share-dialog')).toBeVisible();
      await noViolations(ann, 'the share dialog');
    });

    test('in the dark colour scheme', async ({ browser }) => {
      const context = await browser.newContext({ colorScheme: 'dark', locale });
      const page = await context.newPage();
      await register(page, uniqueUser('dark'));
      for (const title of ['Milk', 'Eggs']) await addTodo(page, title);
      await item(page, 'Eggs').locator('.toggle').click();
      await expect(item(page, 'Eggs')).toHaveClass(/completed/);
      await noViolations(page, 'a list in the dark scheme');
    });

    // What a browser without JavaScript gets: the server's HTML, never
    // hydrated. (axe itself needs a script, so the page's own are refused
    // instead of switching scripts off.)
    test('the server-rendered pages, as without a script', async ({ browser }) => {
      const page = await newPage(browser, locale);
      const user = await register(page, uniqueUser('plain'));
      await addTodo(page, 'Served as HTML');
      await expect(item(page, 'Served as HTML')).toHaveCount(1);
      const plain = await newPage(browser, locale);
      await plain.context().route(/\.(js|wasm)(\?.*)?$/, (route) => route.abort());
      await plain.goto('/login');
      await noViolations(plain, 'the log-in page without a script');
      await plain.locator('input[name=email]').fill(user.email);
      await plain.locator('input[name=password]').fill(user.password);
      await plain.locator('.auth-form button[type=submit]').click();
      await expect(plain.locator('.todo-list .title')).toHaveText(['Served as HTML']);
      await expect(plain.locator('.connection')).toHaveAttribute('data-state', 'not-live');
      await noViolations(plain, 'a list without a script');
      await plain.goto('/account');
      await noViolations(plain, 'the account page without a script');
    });

    test('at mobile width', async ({ browser }) => {
      const page = await newPage(browser, locale, 375);
      await register(page, uniqueUser('mobile'));
      await addTodo(page, 'Small screen');
      await noViolations(page, 'a list at 375 px');
    });
  });
}

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

async function newPage(browser: Browser, width?: number) {
  const context = await browser.newContext(
    width ? { viewport: { width, height: 800 } } : {},
  );
  return context.newPage();
}

test('log-in and register pages', async ({ page }) => {
  await page.goto('/login');
  await hydrated(page);
  await noViolations(page, 'the log-in page');
  await page.getByRole('button', { name: 'Log in' }).click();
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
  await page.getByRole('link', { name: 'Account' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await noViolations(page, 'the account page');
});

test('the share dialog and a toast', async ({ browser }) => {
  const ann = await newPage(browser);
  const other = await newPage(browser);
  const user = await register(ann);
  await logIn(other, user);
  await addTodo(other, 'From elsewhere');
  await expect(ann.locator('.toast').first()).toBeVisible();
  await noViolations(ann, 'a toast on screen');
  await ann.getByRole('button', { name: 'Share' }).click();
  await expect(ann.locator('dialog.share-dialog')).toBeVisible();
  await noViolations(ann, 'the share dialog');
});

test('in the dark colour scheme', async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: 'dark' });
  const page = await context.newPage();
  await register(page, uniqueUser('dark'));
  for (const title of ['Milk', 'Eggs']) await addTodo(page, title);
  await item(page, 'Eggs').locator('.toggle').click();
  await expect(item(page, 'Eggs')).toHaveClass(/completed/);
  await noViolations(page, 'a list in the dark scheme');
});

test('at mobile width', async ({ browser }) => {
  const page = await newPage(browser, 375);
  await register(page, uniqueUser('mobile'));
  await addTodo(page, 'Small screen');
  await noViolations(page, 'a list at 375 px');
});

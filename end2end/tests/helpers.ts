// Shared steps for the browser tests. Every test makes its own user, so tests
// never see each other's data and can run in parallel.
import { expect, type Browser, type Page } from '@playwright/test';

export type TestUser = { username: string; email: string; password: string };

export function uniqueUser(prefix = 'e2e'): TestUser {
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  return {
    username: `${prefix}_${id}`,
    email: `${prefix}_${id}@example.com`,
    password: 'correct horse battery',
  };
}

/** Waits until the WASM has taken over the server-rendered page. */
export async function hydrated(page: Page) {
  await page.waitForSelector('body[data-hydrated="true"]');
}

// Registration and log-in go by field names, not labels, so that they work
// whatever language the page is in.
export async function register(page: Page, user: TestUser = uniqueUser()) {
  await page.goto('/register');
  await hydrated(page);
  await page.locator('input[name=username]').fill(user.username);
  await page.locator('input[name=email]').fill(user.email);
  await page.locator('input[name=password]').fill(user.password);
  await page.locator('.auth-form button[type=submit]').click();
  await expect(page.locator('.new-todo')).toBeVisible();
  await expect(page.locator('.who')).toHaveText(user.username);
  return user;
}

export async function logIn(page: Page, user: TestUser) {
  await page.goto('/login');
  await hydrated(page);
  await page.locator('input[name=email]').fill(user.email);
  await page.locator('input[name=password]').fill(user.password);
  await page.locator('.auth-form button[type=submit]').click();
  await expect(page.locator('.new-todo')).toBeVisible();
}

/** Makes a new list `name` on `owner`'s page and shares it with `member`. */
export async function shareNewList(owner: Page, name: string, member: TestUser) {
  await owner.getByLabel('New list name').fill(name);
  await owner.getByRole('button', { name: 'Add list' }).click();
  await expect(owner.locator('.list-name')).toHaveText(name);
  await owner.getByRole('button', { name: 'Share' }).click();
  await owner.getByLabel('Username or email').fill(member.username);
  await owner.locator('dialog.share-dialog').getByRole('button', { name: 'Add', exact: true }).click();
  await expect(owner.locator('dialog.share-dialog .member-name')).toHaveCount(2);
  await owner.keyboard.press('Escape');
}

export async function addTodo(page: Page, title: string) {
  const input = page.locator('.new-todo');
  await input.fill(title);
  await input.press('Enter');
}

export function items(page: Page) {
  return page.locator('.todo-list li');
}

export function item(page: Page, title: string) {
  return page.locator('.todo-list li', { has: page.locator('.title', { hasText: title }) });
}

export async function reload(page: Page) {
  await page.reload();
  await hydrated(page);
}

/** A registered user in a browser context of their own, live, with the
 * page's errors collected; confirmations (deleting, leaving) say yes. */
export async function person(browser: Browser, prefix: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => d.accept());
  const user = await register(page, uniqueUser(prefix));
  await expect(page.locator('.connection')).toHaveAttribute('data-state', 'connected');
  return { context, page, user, errors };
}

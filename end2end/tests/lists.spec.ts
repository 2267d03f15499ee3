// Shared lists in real browsers (SPEC §6, issue 8): two people, each in
// their own context, on the suite's server. Every test makes its own users.
import { type Browser, type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { addTodo, item, person, register, type TestUser } from './helpers';

const sidebar = (page: Page) => page.locator('.list-links a');
const toasts = (page: Page) => page.locator('.toast');
const shareDialog = (page: Page) => page.locator('dialog.share-dialog');

async function createList(page: Page, name: string) {
  await page.getByLabel('New list name').fill(name);
  await page.getByRole('button', { name: 'Add list' }).click();
  await expect(page).toHaveURL(/\/lists\/[0-9a-f-]{36}$/);
  await expect(page.locator('.list-name')).toHaveText(name);
}

/** Shares the open list with `who` (a username or an email) of `user`. */
async function share(page: Page, who: string, user: TestUser) {
  await page.getByRole('button', { name: 'Share' }).click();
  const dialog = shareDialog(page);
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Username or email').fill(who);
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(dialog.locator('.member-name', { hasText: user.username })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
}

async function open(page: Page, name: string) {
  await sidebar(page).filter({ hasText: name }).click();
  await expect(page.locator('.list-name')).toHaveText(name);
}

test('Ann shares Groceries with Bob: it appears live, each sees the other, editing and ticking are named, removal takes it away', async ({ browser }) => {
  const ann = await person(browser, 'ann');
  const bob = await person(browser, 'bob');
  await expect(sidebar(ann.page)).toHaveText(['My todos']);

  await createList(ann.page, 'Groceries');
  await expect(ann.page.locator('.list-links a[aria-current="page"]')).toContainText('Groceries');
  await addTodo(ann.page, 'Milk');
  await addTodo(ann.page, 'Eggs');
  await expect(ann.page.locator('.todo-list .title')).toHaveText(['Milk', 'Eggs']);

  // The Share dialog: a wrong name is an error on its field; focus stays
  // inside the modal dialog; Escape closes it and focus goes back.
  await ann.page.getByRole('button', { name: 'Share' }).click();
  const dialog = shareDialog(ann.page);
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Username or email').fill('nobody_at_all');
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(dialog.getByRole('alert')).toHaveText('user: no such account');
  await expect(dialog.getByLabel('Username or email')).toHaveAttribute('aria-invalid', 'true');
  for (let i = 0; i < 6; i++) await ann.page.keyboard.press('Tab');
  expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  await dialog.getByLabel('Username or email').fill(bob.user.username);
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(dialog.locator('.member-name')).toHaveText([ann.user.username, bob.user.username]);
  await expect(dialog.locator('[aria-live="polite"]')).toHaveText(`${bob.user.username} can now see this list.`);
  await ann.page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(ann.page.getByRole('button', { name: 'Share' })).toBeFocused();

  // Bob's sidebar grows without a reload, with a toast naming Ann.
  await expect(sidebar(bob.page)).toHaveText(['My todos', /Groceries/]);
  await expect(toasts(bob.page).last()).toContainText(`${ann.user.username} shared “Groceries” with you`);
  await open(bob.page, 'Groceries');
  await expect(bob.page).toHaveURL(/\/lists\/[0-9a-f-]{36}$/);
  await expect(bob.page.locator('.todo-list .title')).toHaveText(['Milk', 'Eggs']);

  // Presence: each sees the other's avatar.
  await expect(ann.page.locator('.presence .avatar')).toHaveAttribute('title', bob.user.username);
  await expect(bob.page.locator('.presence .avatar')).toHaveAttribute('title', ann.user.username);

  // Bob opens Milk in the editor: Ann sees it on that row, until he closes it.
  await item(bob.page, 'Milk').locator('.title').dblclick();
  await expect(item(ann.page, 'Milk').locator('.editing-by')).toHaveText(`${bob.user.username} is editing`);
  await expect(item(ann.page, 'Eggs').locator('.editing-by')).toHaveCount(0);
  await bob.page.locator('.todo.editing .edit').press('Escape');
  await expect(item(ann.page, 'Milk').locator('.editing-by')).toHaveCount(0);

  // Bob ticks Eggs: Ann's toast and Recent changes name him.
  await item(bob.page, 'Eggs').locator('.toggle').click();
  await expect(item(ann.page, 'Eggs')).toHaveClass(/completed/);
  await expect(toasts(ann.page).last()).toContainText(`${bob.user.username} completed “Eggs”`);
  await expect(ann.page.locator('.recent-entry').first().locator('.recent-who')).toHaveText(bob.user.username);
  await expect(bob.page.locator('.recent-entry').first().locator('.recent-who')).toHaveText('this tab');

  // Ann removes Bob: the list leaves his sidebar and his screen at once.
  await ann.page.getByRole('button', { name: 'Share' }).click();
  await dialog.getByRole('button', { name: `Remove ${bob.user.username}` }).click();
  await expect(dialog.locator('.member-name')).toHaveText([ann.user.username]);
  await ann.page.keyboard.press('Escape');
  await expect(sidebar(bob.page)).toHaveText(['My todos']);
  await expect(bob.page.locator('.list-name')).toHaveText('My todos');
  await expect(ann.page.locator('.presence .avatar')).toHaveCount(0);

  // Nothing about it reaches him any more: Ann's next change arrives before
  // Bob's own, and Bob sees only his own.
  await addTodo(ann.page, 'Bread');
  await expect(ann.page.locator('.todo-list .title')).toHaveText(['Milk', 'Eggs', 'Bread']);
  await addTodo(bob.page, 'Bob alone');
  await expect(bob.page.locator('.recent-entry').first()).toContainText('Bob alone');
  await expect(bob.page.locator('.recent-entry', { hasText: 'Bread' })).toHaveCount(0);
  await expect(toasts(bob.page).filter({ hasText: 'Bread' })).toHaveCount(0);

  for (const p of [ann, bob]) {
    expect(p.errors).toEqual([]);
    await p.context.close();
  }
});

test('the owner renames and deletes a list and a member leaves one; every sidebar follows', async ({ browser }) => {
  const ann = await person(browser, 'ann');
  const bob = await person(browser, 'bob');
  await createList(ann.page, 'Team');
  await share(ann.page, bob.user.email, bob.user);
  await expect(sidebar(bob.page)).toHaveText(['My todos', /Team/]);
  await open(bob.page, 'Team');
  // A member neither renames nor shares, but may leave.
  await expect(bob.page.getByRole('button', { name: 'Rename' })).toHaveCount(0);
  await expect(bob.page.getByRole('button', { name: 'Delete list' })).toHaveCount(0);

  await ann.page.getByRole('button', { name: 'Rename' }).click();
  await ann.page.getByLabel('List name', { exact: true }).fill('Team release');
  await ann.page.getByLabel('List name', { exact: true }).press('Enter');
  await expect(ann.page.locator('.list-name')).toHaveText('Team release');
  await expect(bob.page.locator('.list-name')).toHaveText('Team release');
  await expect(sidebar(bob.page).filter({ hasText: 'Team release' })).toHaveCount(1);
  await expect(toasts(bob.page).last()).toContainText(`${ann.user.username} renamed “Team” to “Team release”`);

  await bob.page.getByRole('button', { name: 'Leave list' }).click();
  await expect(sidebar(bob.page)).toHaveText(['My todos']);
  await expect(bob.page.locator('.list-name')).toHaveText('My todos');
  await expect(toasts(ann.page).last()).toContainText(`${bob.user.username} left “Team release”`);

  await share(ann.page, bob.user.username, bob.user);
  await expect(sidebar(bob.page)).toHaveText(['My todos', /Team release/]);
  await ann.page.getByRole('button', { name: 'Delete list' }).click();
  await expect(ann.page.locator('.list-name')).toHaveText('My todos');
  await expect(sidebar(ann.page)).toHaveText(['My todos']);
  await expect(sidebar(bob.page)).toHaveText(['My todos']);
  await expect(toasts(bob.page).last()).toContainText(`${ann.user.username} removed “Team release” from your lists`);

  // The last own list cannot go: the error says why.
  await ann.page.getByRole('button', { name: 'Delete list' }).click();
  await expect(ann.page.locator('.todoapp > .error')).toContainText('list');
  await expect(sidebar(ann.page)).toHaveText(['My todos']);

  for (const p of [ann, bob]) {
    expect(p.errors).toEqual([]);
    await p.context.close();
  }
});

async function plainSession(browser: Browser, user: TestUser) {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.locator('.list-name')).toHaveText('My todos');
  return { context, page };
}

test('without JavaScript: create a list, add and tick its todos, switch lists, and keep the filter on reload', async ({ browser, page }) => {
  const user = await register(page);
  const { context, page: plain } = await plainSession(browser, user);

  await plain.getByLabel('New list name').fill('Plain list');
  await plain.getByRole('button', { name: 'Add list' }).click();
  await expect(plain).toHaveURL(/\/lists\/[0-9a-f-]{36}$/);
  await expect(plain.locator('.list-name')).toHaveText('Plain list');
  const listUrl = plain.url();

  await addTodo(plain, 'Plain one');
  await addTodo(plain, 'Plain two');
  // Each form posts, then the browser is sent back to the list.
  expect(plain.url().startsWith(listUrl)).toBe(true);
  await expect(plain.locator('.todo-list .title')).toHaveText(['Plain one', 'Plain two']);
  await item(plain, 'Plain one').locator('.toggle').click();
  await expect(item(plain, 'Plain one')).toHaveClass(/completed/);

  await plain.getByRole('link', { name: 'Active' }).click();
  expect(plain.url()).toBe(`${listUrl}?filter=active`);
  await plain.reload();
  await expect(plain.locator('.todo-list .title')).toHaveText(['Plain two']);
  await expect(plain.locator('.list-name')).toHaveText('Plain list');

  await sidebar(plain).filter({ hasText: 'My todos' }).click();
  await expect(plain.locator('.list-name')).toHaveText('My todos');
  await expect(plain.locator('.todo-list li')).toHaveCount(0);
  // The JavaScript page of the same user sees the list and its todos.
  await page.reload();
  await expect(sidebar(page)).toHaveText(['My todos', /Plain list/]);

  // A list that does not exist (or is not yours) is not found.
  const missing = await plain.goto('/lists/00000000-0000-4000-8000-000000000000');
  expect(missing?.status()).toBe(404);
  await context.close();
});

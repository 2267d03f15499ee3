// The main story with the keyboard alone (issue 11): no click, no tap, no
// programmatic focus. Every control is reached with Tab (or Shift+Tab) and
// used with Enter, Space or Escape, as a keyboard or screen-reader user
// does; each step checks that focus is visible where it landed.
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { hydrated, item, items, uniqueUser, type TestUser } from './helpers';

/** Presses Tab until `target` has focus (at most `limit` presses). */
async function tabTo(page: Page, target: Locator, limit = 60, key = 'Tab') {
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) {
      // Focus is shown: the browser's :focus-visible outline or ours (a
      // moment after landing: the sidebar may be re-rendering meanwhile).
      const outline = () => target.evaluate((el) => getComputedStyle(el).outlineStyle);
      await expect.poll(outline, { message: 'a visible focus outline' }).not.toBe('none');
      return;
    }
    await page.keyboard.press(key);
  }
  throw new Error(`never reached ${target} with ${key}`);
}

async function type(page: Page, text: string) {
  await page.keyboard.type(text);
}

/** Registers `user` on the register page, typing into each field. */
async function registerWithKeys(page: Page, user: TestUser) {
  await page.goto('/register');
  await hydrated(page);
  await tabTo(page, page.getByLabel('Username'));
  await type(page, user.username);
  await tabTo(page, page.getByLabel('Email'));
  await type(page, user.email);
  await tabTo(page, page.getByLabel('Password'));
  await type(page, user.password);
  await page.keyboard.press('Enter');
  await expect(page.locator('.new-todo')).toBeVisible();
}

test('register, add, edit, complete, filter, delete, undo, switch list and share with the keyboard only', async ({ browser, page }) => {
  test.setTimeout(60_000);
  // Someone to share with, registered the same way in their own context.
  const bob = uniqueUser('kbob');
  const other = await (await browser.newContext()).newPage();
  for (const [p, user] of [[other, bob], [page, uniqueUser('kann')]] as const) {
    await registerWithKeys(p, user);
  }

  // Add two todos.
  await tabTo(page, page.locator('.new-todo'));
  for (const title of ['Milk', 'Eggs']) {
    await type(page, title);
    await page.keyboard.press('Enter');
  }
  await expect(items(page)).toHaveCount(2);

  // Edit one: its ✎ button opens the editor with the title focused.
  await tabTo(page, page.getByRole('button', { name: 'Edit "Milk"' }));
  await page.keyboard.press('Enter');
  const title = page.locator('.editor .edit');
  await expect(title).toBeFocused();
  await page.keyboard.press('ControlOrMeta+A');
  await type(page, 'Oat milk');
  await page.keyboard.press('Enter');
  await expect(item(page, 'Oat milk')).toBeVisible();

  // Complete the other, with Space.
  await tabTo(page, page.getByRole('button', { name: 'Mark "Eggs" as done' }));
  await page.keyboard.press('Space');
  await expect(item(page, 'Eggs')).toHaveClass(/completed/);

  // Filter: only the completed one, then all again.
  await tabTo(page, page.getByRole('link', { name: 'Completed' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/filter=completed/);
  await expect(items(page)).toHaveCount(1);
  await tabTo(page, page.getByRole('link', { name: 'All' }), 60, 'Shift+Tab');
  await page.keyboard.press('Enter');
  await expect(items(page)).toHaveCount(2);

  // Delete, then undo with Ctrl+Z (focus is not in a text field).
  await tabTo(page, page.getByRole('button', { name: 'Delete "Oat milk"' }));
  await page.keyboard.press('Enter');
  await expect(item(page, 'Oat milk')).toHaveCount(0);
  await page.keyboard.press('ControlOrMeta+z');
  await expect(item(page, 'Oat milk')).toBeVisible();

  // A new list, and back to the first one.
  await tabTo(page, page.getByLabel('New list name'), 80, 'Shift+Tab');
  await type(page, 'Groceries');
  await page.keyboard.press('Enter');
  await expect(page.locator('.list-name')).toHaveText('Groceries');
  await tabTo(page, page.locator('.list-links a', { hasText: 'My todos' }), 80, 'Shift+Tab');
  await page.keyboard.press('Enter');
  await expect(page.locator('.list-name')).toHaveText('My todos');
  await tabTo(page, page.locator('.list-links a', { hasText: 'Groceries' }));
  await page.keyboard.press('Enter');
  await expect(page.locator('.list-name')).toHaveText('Groceries');

  // Share it: the dialog takes focus, Enter adds, Escape closes and
  // focus goes back to the Share button.
  const shareButton = page.getByRole('button', { name: 'Share' });
  await tabTo(page, shareButton);
  await page.keyboard.press('Enter');
  const dialog = page.locator('dialog.share-dialog');
  await expect(dialog).toBeVisible();
  await tabTo(page, dialog.getByLabel('Username or email'));
  await type(page, bob.username);
  await page.keyboard.press('Enter');
  await expect(dialog.locator('.member-name', { hasText: bob.username })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(shareButton).toBeFocused();
  // Bob sees it, live.
  await expect(other.locator('.list-links a', { hasText: 'Groceries' })).toBeVisible();
});

test('shortcuts: ? lists them, n goes to the new todo, 1 2 3 filter; none fires while typing', async ({ page }) => {
  await registerWithKeys(page, uniqueUser('keys'));
  await hydrated(page);

  // The new-todo field has focus after registering: out of the form's
  // fields (to any button), "?" is a shortcut, not text.
  await expect(page.locator('.new-todo')).toBeFocused();
  await tabTo(page, page.getByRole('button', { name: 'Keyboard shortcuts (?)' }));
  await page.keyboard.press('?');
  const help = page.locator('dialog.help-dialog');
  await expect(help).toBeVisible();
  await expect(help.getByRole('heading', { name: 'Keyboard shortcuts' })).toBeVisible();
  await expect(help.locator('dt')).toHaveText(['n', '1', '2', '3', 'Ctrl+Z', '?']);
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  await page.keyboard.press('n');
  await expect(page.locator('.new-todo')).toBeFocused();
  // Typing "n1?" in the field is text, not shortcuts.
  await type(page, 'n1? done');
  await page.keyboard.press('Enter');
  await expect(item(page, 'n1? done')).toBeVisible();
  await expect(help).toBeHidden();
  await type(page, 'open');
  await page.keyboard.press('Enter');
  await expect(items(page)).toHaveCount(2);

  // Out of the field, the filters.
  await page.keyboard.press('Shift+Tab');
  await tabTo(page, page.getByRole('button', { name: 'Mark "n1? done" as done' }));
  await page.keyboard.press('Space');
  await expect(item(page, 'n1? done')).toHaveClass(/completed/);
  await page.keyboard.press('2');
  await expect(page).toHaveURL(/filter=active/);
  await expect(items(page)).toHaveCount(1);
  await page.keyboard.press('3');
  await expect(page).toHaveURL(/filter=completed/);
  await expect(page.locator('.todo-list .title')).toHaveText(['n1? done']);
  await page.keyboard.press('1');
  await expect(items(page)).toHaveCount(2);
});

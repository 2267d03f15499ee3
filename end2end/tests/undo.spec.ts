// Undo (SPEC §7, issue 9): a deletion made here offers Undo in its toast,
// Ctrl+Z undoes this tab's last change, every Recent changes row of a todo
// change has its own Undo, and an undo the todo has moved on from says why.
import { expect, test } from './fixtures';
import { addTodo, item, register, reload } from './helpers';

test('undo a deletion from its toast, the last change with Ctrl+Z, and a row of Recent changes; a stale undo says why', async ({ browser, page }) => {
  await register(page);
  const other = await browser.newContext({ storageState: await page.context().storageState() });
  const second = await other.newPage();
  await second.goto('/');
  await expect(second.locator('.connection')).toHaveAttribute('data-state', 'connected');
  await expect(page.locator('.connection')).toHaveAttribute('data-state', 'connected');

  await addTodo(page, 'Milk');
  await addTodo(page, 'Eggs');
  await expect(second.locator('.todo-list .title')).toHaveText(['Milk', 'Eggs']);

  // Deleted by mistake: the toast offers Undo; it comes back for both tabs.
  await item(page, 'Milk').locator('.destroy').click();
  const toast = page.locator('.toast', { hasText: 'Deleted “Milk”' });
  await expect(toast).toBeVisible();
  await toast.getByRole('button', { name: 'Undo' }).click();
  for (const tab of [page, second]) await expect(tab.locator('.todo-list .title')).toHaveText(['Milk', 'Eggs']);

  // Ctrl+Z undoes this tab's last change (outside a text field).
  await item(page, 'Eggs').locator('.toggle').click();
  await expect(item(second, 'Eggs')).toHaveClass(/completed/);
  await page.locator('.list-name').click();
  await page.keyboard.press('Control+z');
  for (const tab of [page, second]) await expect(item(tab, 'Eggs')).not.toHaveClass(/completed/);

  // Recent changes: each todo change has its own Undo. Undoing the add of
  // Milk after the other tab renamed it is refused, and says who and why.
  await item(second, 'Milk').locator('.title').dblclick();
  await second.locator('.todo.editing .edit').fill('Oat milk');
  await second.locator('.todo.editing .edit').press('Enter');
  await expect(page.locator('.todo-list .title')).toHaveText(['Oat milk', 'Eggs']);
  // (The oldest such row: the undone deletion added Milk back, too.)
  const added = page.locator('.recent-entry', { hasText: 'added “Milk”' }).last();
  await added.getByRole('button', { name: /Undo/ }).click();
  await expect(page.locator('.todoapp > .error')).toContainText('can’t undo');
  await expect(page.locator('.todoapp > .error')).toContainText('changed since');
  await expect(page.locator('.todo-list .title')).toHaveText(['Oat milk', 'Eggs']);

  // The rename itself can be undone from the other tab's row.
  const renamed = second.locator('.recent-entry', { hasText: 'edited “Oat milk”' }).first();
  await renamed.getByRole('button', { name: /Undo/ }).click();
  for (const tab of [page, second]) await expect(tab.locator('.todo-list .title')).toHaveText(['Milk', 'Eggs']);

  await reload(page);
  await expect(page.locator('.todo-list .title')).toHaveText(['Milk', 'Eggs']);
  await other.close();
});

test('Recent changes come back after a reload, from the change log, and page back with "Older changes"', async ({ page }) => {
  await register(page);
  await expect(page.locator('.connection')).toHaveAttribute('data-state', 'connected');
  const titles = Array.from({ length: 34 }, (_, i) => `Item ${i + 1}`);
  for (const title of titles) await addTodo(page, title);
  await expect(page.locator('.todo-list li')).toHaveCount(34);
  await item(page, 'Item 34').locator('.toggle').click();
  await expect(item(page, 'Item 34')).toHaveClass(/completed/);

  await reload(page);
  const recent = page.locator('.recent-entry');
  await expect(recent).toHaveCount(30);
  await expect(recent.first()).toContainText('completed “Item 34”');
  await expect(recent.first().locator('.recent-who')).toHaveText('you');
  await expect(recent.last()).toContainText('added “Item 6”');
  await page.getByRole('button', { name: 'Older changes' }).click();
  await expect(recent).toHaveCount(35);
  await expect(recent.last()).toContainText('added “Item 1”');
  // A loaded change can be undone like one seen live.
  await recent.first().getByRole('button', { name: /Undo/ }).click();
  await expect(item(page, 'Item 34')).not.toHaveClass(/completed/);
});

test('two editors of one todo: the second to save chooses, and taking theirs keeps the other edit', async ({ browser, page }) => {
  await register(page);
  const other = await browser.newContext({ storageState: await page.context().storageState() });
  const second = await other.newPage();
  await second.goto('/');
  for (const tab of [page, second]) await expect(tab.locator('.connection')).toHaveAttribute('data-state', 'connected');
  await addTodo(page, 'Bread');
  await expect(second.locator('.todo-list .title')).toHaveText(['Bread']);

  await item(page, 'Bread').locator('.title').dblclick();
  await page.locator('.todo.editing .edit').fill('Rye bread');
  await item(second, 'Bread').locator('.title').dblclick();
  await second.locator('.todo.editing .edit').fill('Sourdough');
  await second.locator('.todo.editing .edit').press('Enter');
  await expect(page.locator('.todo.editing .conflict')).toContainText('now “Sourdough”');
  await page.locator('.todo.editing .edit').press('Enter');

  const choice = page.locator('.conflict-choice');
  await expect(choice).toContainText('Yours: “Rye bread” · theirs: “Sourdough”');
  await choice.getByRole('button', { name: 'Take theirs' }).click();
  await expect(choice).toHaveCount(0);
  for (const tab of [page, second]) await expect(tab.locator('.todo-list .title')).toHaveText(['Sourdough']);
  await other.close();
});

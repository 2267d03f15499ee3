// The TodoMVC behaviours of SPEC §4 in a real browser against the real server.
import { expect, test } from './fixtures';
import { addTodo, hydrated, item, items, register, reload } from './helpers';

test.beforeEach(async ({ page }) => {
  await register(page);
});

test('Enter adds the trimmed title and clears the box; blank adds nothing', async ({ page }) => {
  await addTodo(page, '   Buy milk   ');
  await expect(page.locator('.todo-list .title')).toHaveText(['Buy milk']);
  await expect(page.locator('.new-todo')).toHaveValue('');

  await addTodo(page, '    ');
  await addTodo(page, 'Second');
  await expect(page.locator('.todo-list .title')).toHaveText(['Buy milk', 'Second']);
  await expect(page.locator('.todoapp > .error')).toBeHidden();
});

test('typing the next todo while the previous one is saved loses nothing', async ({ page }) => {
  for (const title of ['First', 'Second', 'Third', 'Fourth']) await addTodo(page, title);
  await expect(page.locator('.todo-list .title')).toHaveText(['First', 'Second', 'Third', 'Fourth']);
  await reload(page);
  await expect(page.locator('.todo-list .title')).toHaveText(['First', 'Second', 'Third', 'Fourth']);
});

test('double-click edits; Enter saves and the change survives a reload', async ({ page }) => {
  await addTodo(page, 'Old title');
  await item(page, 'Old title').locator('.title').dblclick();
  const edit = page.locator('.todo.editing .edit');
  await expect(edit).toBeFocused();
  await edit.fill('  New title  ');
  await edit.press('Enter');

  await expect(page.locator('.todo-list .title')).toHaveText(['New title']);
  await expect(page.locator('.todo.editing')).toHaveCount(0);
  await reload(page);
  await expect(page.locator('.todo-list .title')).toHaveText(['New title']);
});

test('leaving the editor saves, Escape cancels', async ({ page }) => {
  await addTodo(page, 'Keep me');
  await addTodo(page, 'Blur me');

  await item(page, 'Keep me').locator('.title').dblclick();
  await page.locator('.todo.editing .edit').fill('Should not be saved');
  await page.locator('.todo.editing .edit').press('Escape');
  await expect(page.locator('.todo-list .title')).toHaveText(['Keep me', 'Blur me']);

  await item(page, 'Blur me').locator('.title').dblclick();
  await page.locator('.todo.editing .edit').fill('Blurred and saved');
  await page.locator('.brand').click();
  await expect(page.locator('.todo-list .title')).toHaveText(['Keep me', 'Blurred and saved']);
  await reload(page);
  await expect(page.locator('.todo-list .title')).toHaveText(['Keep me', 'Blurred and saved']);
});

test('an emptied title deletes the todo', async ({ page }) => {
  await addTodo(page, 'Doomed');
  await addTodo(page, 'Stays');
  await item(page, 'Doomed').locator('.title').dblclick();
  await page.locator('.todo.editing .edit').fill('   ');
  await page.locator('.todo.editing .edit').press('Enter');

  await expect(page.locator('.todo-list .title')).toHaveText(['Stays']);
  await reload(page);
  await expect(page.locator('.todo-list .title')).toHaveText(['Stays']);
});

test('toggle, delete, and the items-left count with its plural', async ({ page }) => {
  const count = page.locator('.todo-count');
  await addTodo(page, 'One');
  await expect(count).toHaveText('1 item left');
  await addTodo(page, 'Two');
  await addTodo(page, 'Three');
  await expect(count).toHaveText('3 items left');

  await item(page, 'Two').locator('.toggle').click();
  await expect(item(page, 'Two')).toHaveClass(/completed/);
  await expect(count).toHaveText('2 items left');

  await item(page, 'One').locator('.destroy').click();
  await expect(page.locator('.todo-list .title')).toHaveText(['Two', 'Three']);
  await expect(count).toHaveText('1 item left');

  await reload(page);
  await expect(item(page, 'Two')).toHaveClass(/completed/);
  await expect(count).toHaveText('1 item left');
});

test('toggle-all marks everything and stays in sync with single toggles', async ({ page }) => {
  const toggleAll = page.locator('.toggle-all');
  await expect(toggleAll).toHaveCount(0);
  await addTodo(page, 'A');
  await addTodo(page, 'B');
  await expect(toggleAll).toHaveAttribute('aria-pressed', 'false');

  await toggleAll.click();
  await expect(page.locator('.todo.completed')).toHaveCount(2);
  await expect(toggleAll).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('.todo-count')).toHaveText('0 items left');

  await item(page, 'A').locator('.toggle').click();
  await expect(toggleAll).toHaveAttribute('aria-pressed', 'false');
  await item(page, 'A').locator('.toggle').click();
  await expect(toggleAll).toHaveAttribute('aria-pressed', 'true');

  await toggleAll.click();
  await expect(page.locator('.todo.completed')).toHaveCount(0);
});

test('clear completed is hidden until something is done, then removes only done todos', async ({ page }) => {
  const clear = page.getByRole('button', { name: 'Clear completed' });
  await addTodo(page, 'Done soon');
  await addTodo(page, 'Not done');
  await expect(clear).toHaveCount(0);

  await item(page, 'Done soon').locator('.toggle').click();
  await expect(clear).toBeVisible();
  await clear.click();

  await expect(page.locator('.todo-list .title')).toHaveText(['Not done']);
  await expect(clear).toHaveCount(0);
  await reload(page);
  await expect(page.locator('.todo-list .title')).toHaveText(['Not done']);
});

test('filters live in the URL and survive a reload', async ({ page }) => {
  await addTodo(page, 'Active one');
  await addTodo(page, 'Done one');
  await item(page, 'Done one').locator('.toggle').click();
  await expect(item(page, 'Done one')).toHaveClass(/completed/);

  await page.getByRole('link', { name: 'Active' }).click();
  await expect(page).toHaveURL(/\?filter=active$/);
  await expect(page.locator('.todo-list .title')).toHaveText(['Active one']);
  await reload(page);
  await expect(page.locator('.todo-list .title')).toHaveText(['Active one']);
  await expect(page.getByRole('link', { name: 'Active' })).toHaveClass(/selected/);

  await page.getByRole('link', { name: 'Completed' }).click();
  await expect(page).toHaveURL(/\?filter=completed$/);
  await expect(page.locator('.todo-list .title')).toHaveText(['Done one']);

  await page.getByRole('link', { name: 'All' }).click();
  await expect(items(page)).toHaveCount(2);
});

test('description, priority and due date are shown, edited and kept; past due dates are overdue', async ({ page }) => {
  await page.locator('.new-priority').selectOption('low');
  await addTodo(page, 'Pay rent');
  const row = item(page, 'Pay rent');
  await expect(row.locator('.priority')).toHaveText('low');
  await expect(row).not.toHaveClass(/overdue/);

  await row.locator('.title').dblclick();
  await page.locator('.todo.editing .edit-description').fill('Before the 1st');
  await page.locator('.todo.editing .edit-priority').selectOption('high');
  await page.locator('.todo.editing .edit-due').fill('2020-01-01');
  await page.locator('.todo.editing').getByRole('button', { name: 'Save' }).click();

  await expect(row.locator('.priority')).toHaveText('high');
  await expect(row.locator('.description')).toHaveText('Before the 1st');
  await expect(row.locator('.due')).toHaveText('overdue · due Jan 1, 2020');
  await expect(row.locator('.due')).toHaveAttribute('datetime', '2020-01-01');
  await expect(row).toHaveClass(/overdue/);

  await reload(page);
  await expect(item(page, 'Pay rent')).toHaveClass(/overdue/);
  await expect(item(page, 'Pay rent').locator('.description')).toHaveText('Before the 1st');

  // Completing an overdue todo clears the mark.
  await item(page, 'Pay rent').locator('.toggle').click();
  await expect(item(page, 'Pay rent')).not.toHaveClass(/overdue/);
});

test('the edit button opens the editor from the keyboard', async ({ page }) => {
  await addTodo(page, 'Keyboard');
  await item(page, 'Keyboard').locator('.edit-button').focus();
  await page.keyboard.press('Enter');
  const edit = page.locator('.todo.editing .edit');
  await expect(edit).toBeFocused();
  await page.keyboard.type(' user');
  await page.keyboard.press('Enter');
  await expect(page.locator('.todo-list .title')).toHaveText(['Keyboard user']);
  await hydrated(page);
});

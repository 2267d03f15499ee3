// Accounts in the browser: the full journey, isolation between users, and
// the plain-HTML path that works without JavaScript.
import { expect, test } from './fixtures';
import { addTodo, item, logIn, register, reload, uniqueUser } from './helpers';

test('register, log out, log in, work on todos, reload keeps everything', async ({ page }) => {
  const user = await register(page);
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);

  // The session is really gone: the home page sends us back to log in.
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);

  await logIn(page, user);
  await addTodo(page, 'Write report');
  await addTodo(page, 'Call Bob');
  await item(page, 'Write report').locator('.title').dblclick();
  await page.locator('.todo.editing .edit').fill('Write the report');
  await page.locator('.todo.editing .edit').press('Enter');
  await item(page, 'Call Bob').locator('.toggle').click();
  await addTodo(page, 'Temporary');
  await item(page, 'Temporary').locator('.destroy').click();
  await expect(page.locator('.todo-list .title')).toHaveText(['Write the report', 'Call Bob']);

  await reload(page);
  await expect(page.locator('.todo-list .title')).toHaveText(['Write the report', 'Call Bob']);
  await expect(item(page, 'Call Bob')).toHaveClass(/completed/);
});

test('a wrong password shows an error and keeps the visitor on the log-in page', async ({ page }) => {
  const user = await register(page);
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await logInExpectingError(page, user.email, 'wrong password!');
  await logInExpectingError(page, 'nobody@example.com', 'wrong password!');
});

async function logInExpectingError(page: import('@playwright/test').Page, email: string, password: string) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('alert')).toHaveText('invalid email or password');
  await expect(page).toHaveURL(/\/login$/);
}

test('registration errors name the field', async ({ page }) => {
  const first = await register(page);
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.getByRole('link', { name: 'Create an account' }).click();
  await page.getByLabel('Username').fill(uniqueUser().username);
  await page.getByLabel('Email').fill(first.email);
  await page.getByLabel('Password').fill('long enough pw');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('alert')).toHaveText('email: is already taken');
});

test("a second user sees none of the first user's todos", async ({ browser }) => {
  const alice = await browser.newContext();
  const bob = await browser.newContext();
  const alicePage = await alice.newPage();
  const bobPage = await bob.newPage();

  await register(alicePage);
  await addTodo(alicePage, "Alice's private plan");
  await expect(alicePage.locator('.todo-list .title')).toHaveText(["Alice's private plan"]);

  await register(bobPage);
  await reload(bobPage);
  await expect(bobPage.locator('.todo-list li')).toHaveCount(0);
  await expect(bobPage.getByText("Alice's private plan")).toHaveCount(0);

  await alice.close();
  await bob.close();
});

test('without JavaScript: log in, add, toggle and delete work as plain forms', async ({ browser, page }) => {
  const user = await register(page);
  const context = await browser.newContext({ javaScriptEnabled: false });
  const plain = await context.newPage();

  await plain.goto('/');
  await expect(plain).toHaveURL(/\/login$/);
  await plain.getByLabel('Email').fill(user.email);
  await plain.getByLabel('Password').fill(user.password);
  await plain.getByRole('button', { name: 'Log in' }).click();
  await expect(plain.locator('.new-todo')).toBeVisible();
  // Nothing will connect without a script, and the badge says so.
  await expect(plain.locator('.connection')).toHaveText('Not live');
  await expect(plain.locator('.connection')).toHaveAttribute('data-state', 'not-live');

  await plain.locator('.new-todo').fill('  Plain HTML todo  ');
  await plain.locator('.new-todo').press('Enter');
  await expect(plain.locator('.todo-list .title')).toHaveText(['Plain HTML todo']);
  await expect(plain.locator('.todo-count')).toHaveText('1 item left');

  await item(plain, 'Plain HTML todo').locator('.toggle').click();
  await expect(item(plain, 'Plain HTML todo')).toHaveClass(/completed/);
  await expect(plain.locator('.todo-count')).toHaveText('0 items left');

  await item(plain, 'Plain HTML todo').locator('.destroy').click();
  await expect(plain.locator('.todo-list li')).toHaveCount(0);

  await context.close();
});

test('without JavaScript: toggle-all, clear completed and the filters work as plain forms and links', async ({ browser, page }) => {
  const user = await register(page);
  for (const title of ['First plain', 'Second plain', 'Third plain']) await addTodo(page, title);
  await expect(page.locator('.todo-list li')).toHaveCount(3);
  const context = await browser.newContext({ javaScriptEnabled: false });
  const plain = await context.newPage();
  await plain.goto('/login');
  await plain.getByLabel('Email').fill(user.email);
  await plain.getByLabel('Password').fill(user.password);
  await plain.getByRole('button', { name: 'Log in' }).click();
  await expect(plain.locator('.todo-list li')).toHaveCount(3);

  await plain.locator('.toggle-all').click();
  await expect(plain.locator('.todo.completed')).toHaveCount(3);
  await plain.locator('.toggle-all').click();
  await expect(plain.locator('.todo.completed')).toHaveCount(0);

  await item(plain, 'Second plain').locator('.toggle').click();
  await plain.getByRole('link', { name: 'Active' }).click();
  await expect(plain).toHaveURL(/filter=active/);
  await expect(plain.locator('.todo-list .title')).toHaveText(['First plain', 'Third plain']);
  await plain.getByRole('link', { name: 'Completed' }).click();
  await expect(plain.locator('.todo-list .title')).toHaveText(['Second plain']);

  // Back where it was posted from, without the cleared todo.
  await plain.getByRole('button', { name: 'Clear completed' }).click();
  await expect(plain).toHaveURL(/filter=completed/);
  await expect(plain.locator('.todo-list li')).toHaveCount(0);
  await plain.getByRole('link', { name: 'All' }).click();
  await expect(plain.locator('.todo-list .title')).toHaveText(['First plain', 'Third plain']);

  await context.close();
});

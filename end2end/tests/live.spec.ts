// Live updates in real browsers: two contexts of one user and one of another
// user, against a server this file starts itself so it can stop and restart
// it. Runs serially: the restart would disturb parallel tests.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { type BrowserContext, type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { addTodo, hydrated, item, logIn, register, uniqueUser } from './helpers';
import { OwnServer, releaseDir, root } from './own-server';

// The terminal client is its own binary (`--features cli`), built by
// scripts/test in a target directory of its own (LIVETODO_WATCH_BIN).
const watchBinary = process.env.LIVETODO_WATCH_BIN ?? path.join(releaseDir, 'livetodo-watch');
const server = new OwnServer(1);
const baseURL = server.baseURL;
const startServer = () => server.start();
const stopServer = () => server.stop();

test.describe.configure({ mode: 'serial' });
test.use({ baseURL });

test.beforeAll(startServer);
test.afterAll(() => server.dispose());

/** Two signed-in tabs of one user (separate contexts = separate devices). */
async function twoDevices(browser: import('@playwright/test').Browser) {
  const contexts: BrowserContext[] = [await browser.newContext({ baseURL }), await browser.newContext({ baseURL })];
  const [a, b] = await Promise.all(contexts.map((c) => c.newPage()));
  for (const page of [a, b]) failOnPageErrors(page);
  const user = await register(a);
  await logIn(b, user);
  for (const page of [a, b]) await expect(page.locator('.connection')).toHaveAttribute('data-state', 'connected');
  return { a, b, user, contexts };
}

/** Errors thrown or WASM panics in the extra contexts' pages; checked after each test. */
const pageErrors: string[] = [];
function failOnPageErrors(page: Page) {
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && m.text().includes('panicked')) pageErrors.push(m.text());
  });
}

test.afterEach(() => {
  expect(pageErrors.splice(0), 'page errors or WASM panics').toEqual([]);
});

function toasts(page: Page) {
  return page.locator('.toast');
}

function recent(page: Page) {
  return page.locator('.recent-entry');
}

test('create, edit, complete and delete in one tab appear in the other with toast and widget entry, never for another user', async ({ browser }) => {
  const { a, b, contexts } = await twoDevices(browser);
  const otherContext = await browser.newContext({ baseURL });
  const c = await otherContext.newPage();
  failOnPageErrors(c);
  await register(c);
  await expect(c.locator('.connection')).toHaveAttribute('data-state', 'connected');

  // Create
  await addTodo(a, 'Buy milk');
  await expect(b.locator('.todo-list .title')).toHaveText(['Buy milk']);
  await expect(toasts(b).last()).toContainText('You added “Buy milk”, in another tab or device');
  await expect(recent(b).first()).toContainText('added “Buy milk”');
  await expect(recent(b).first().locator('.recent-who')).toHaveText('you');
  // The acting tab records its own change without a toast.
  await expect(recent(a).first().locator('.recent-who')).toHaveText('this tab');
  await expect(toasts(a)).toHaveCount(0);

  // Edit
  await item(a, 'Buy milk').locator('.title').dblclick();
  await a.locator('.todo.editing .edit').fill('Buy oat milk');
  await a.locator('.todo.editing .edit').press('Enter');
  await expect(b.locator('.todo-list .title')).toHaveText(['Buy oat milk']);
  await expect(recent(b).first()).toContainText('edited “Buy oat milk”');

  // Complete
  await item(a, 'Buy oat milk').locator('.toggle').click();
  await expect(item(b, 'Buy oat milk')).toHaveClass(/completed/);
  await expect(toasts(b).last()).toContainText('You completed “Buy oat milk”, in another tab or device');

  // Delete. The acting tab's one toast offers to undo its own deletion
  // (it leaves by itself after a few seconds, so it is checked at once).
  await item(a, 'Buy oat milk').locator('.destroy').click();
  await expect(toasts(a)).toHaveText([/Deleted “Buy oat milk”/]);
  await expect(b.locator('.todo-list li')).toHaveCount(0);
  await expect(recent(b).first()).toContainText('deleted “Buy oat milk”');
  await expect(recent(b)).toHaveCount(4);
  await expect(toasts(a).filter({ hasNotText: 'Deleted “Buy oat milk”' })).toHaveCount(0);

  // Nothing of it reached the other user.
  await expect(c.locator('.todo-list li')).toHaveCount(0);
  await expect(recent(c)).toHaveCount(0);
  await expect(toasts(c)).toHaveCount(0);

  // Toasts are announced politely (one status line per burst) and leave
  // by themselves.
  await expect(b.locator('.toasts .announcer')).toHaveAttribute('role', 'status');
  await expect(b.locator('.toasts .announcer')).not.toBeEmpty();
  await expect(toasts(b)).toHaveCount(0, { timeout: 10_000 });

  await otherContext.close();
  for (const context of contexts) await context.close();
});

test('a toast can be closed by hand, and at most four are shown', async ({ browser }) => {
  const { a, b, contexts } = await twoDevices(browser);
  for (const title of ['one', 'two', 'three', 'four', 'five', 'six']) await addTodo(a, title);
  await expect(b.locator('.todo-list li')).toHaveCount(6);
  await expect(toasts(b)).toHaveCount(4);
  await expect(toasts(b).last()).toContainText('six');

  await toasts(b).last().getByRole('button', { name: 'Dismiss notification' }).click();
  await expect(toasts(b)).toHaveCount(3);
  for (const context of contexts) await context.close();
});

test('a remote change to a todo being edited does not overwrite the edit box; saving asks, and keeping mine keeps their other fields', async ({ browser }) => {
  const { a, b, contexts } = await twoDevices(browser);
  await addTodo(a, 'Draft me');
  await expect(b.locator('.todo-list .title')).toHaveText(['Draft me']);

  await item(b, 'Draft me').locator('.title').dblclick();
  await b.locator('.todo.editing .edit').fill('My local words');
  await item(a, 'Draft me').locator('.title').dblclick();
  await a.locator('.todo.editing .edit-description').fill('Their description');
  await a.locator('.todo.editing').getByRole('button', { name: 'Save' }).click();

  await expect(b.locator('.todo.editing .conflict')).toContainText('Changed in another tab or device');
  await expect(b.locator('.todo.editing .edit')).toHaveValue('My local words');
  await b.locator('.todo.editing .edit').press('Enter');
  // The save was made on the old version: the server refuses it, and the
  // page asks which to keep instead of overwriting silently.
  const choice = b.locator('.conflict-choice');
  await expect(choice).toContainText('Changed by you, in another tab or device while you were editing.');
  await expect(choice).toContainText('Yours: “My local words” · theirs: “Draft me”');
  await choice.getByRole('button', { name: 'Keep mine' }).click();
  await expect(choice).toHaveCount(0);

  for (const page of [a, b]) {
    await expect(item(page, 'My local words').locator('.description')).toHaveText('Their description');
  }
  for (const context of contexts) await context.close();
});

test('after the server restarts the page shows reconnecting, then catches up with what it missed', async ({ browser, request }) => {
  const { b, user, contexts } = await twoDevices(browser);
  const badge = b.locator('.connection');

  // Keep B away from the server until we say so, even once it is back.
  await b.context().route('**/socket.io/**', (route) => route.abort());
  await stopServer();
  await expect(badge).toHaveAttribute('data-state', 'reconnecting');
  await startServer();

  const login = await request.post(`${baseURL}/api/v1/auth/login`, { data: { email: user.email, password: user.password } });
  const { accessToken } = await login.json();
  const created = await request.post(`${baseURL}/api/v1/todos`, {
    data: { title: 'Made while you were away' },
    headers: { authorization: `Bearer ${accessToken}` },
  });
  expect(created.status()).toBe(201);
  await expect(badge).toHaveAttribute('data-state', 'reconnecting');
  await expect(b.locator('.todo-list li')).toHaveCount(0);

  await b.context().unroute('**/socket.io/**');
  await expect(badge).toHaveAttribute('data-state', 'connected', { timeout: 15_000 });
  await expect(b.locator('.todo-list .title')).toHaveText(['Made while you were away']);
  for (const context of contexts) await context.close();
});

test('livetodo-watch prints the events of a change made in the page', async ({ page }) => {
  const user = uniqueUser('watch');
  await register(page, user);
  const watcher = spawn(watchBinary, ['--url', baseURL, '--email', user.email, '--password', user.password], {
    cwd: root,
  });
  const lines: string[] = [];
  let stderr = '';
  watcher.stdout.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
  watcher.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    await expect.poll(() => lines.some((l) => JSON.parse(l).event === 'joined'), { timeout: 15_000 }).toBe(true);

    await hydrated(page);
    await addTodo(page, 'Seen from the terminal');
    await item(page, 'Seen from the terminal').locator('.toggle').click();

    await expect
      .poll(() => lines.map((l) => JSON.parse(l)).filter((e) => e.event.startsWith('todo:')).map((e) => `${e.event} ${e.data.title}`), {
        timeout: 10_000,
      })
      .toEqual(['todo:created Seen from the terminal', 'todo:completed Seen from the terminal']);
  } finally {
    watcher.kill('SIGINT');
  }
  expect(stderr).toContain('connected');
});

test('two tabs adding the same title at once each know their own change by its operation id', async ({ browser }) => {
  const { a, b, contexts } = await twoDevices(browser);
  await Promise.all([addTodo(a, 'Same words'), addTodo(b, 'Same words')]);
  for (const page of [a, b]) {
    await expect(page.locator('.todo-list .title')).toHaveText(['Same words', 'Same words']);
    await expect(recent(page)).toHaveCount(2);
    // One entry is this tab's own, the other came from the other device.
    await expect(recent(page).locator('.recent-who', { hasText: 'this tab' })).toHaveCount(1);
    await expect(recent(page).locator('.recent-who', { hasText: /^you$/ })).toHaveCount(1);
    await expect(toasts(page)).toHaveCount(1);
  }
  for (const context of contexts) await context.close();
});

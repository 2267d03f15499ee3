// Instant writes (issue 12, first part): every action of the page shows at
// once, marked as not yet saved, while the server's answer is held back by
// the test; the answer confirms it, a refusal rolls it back with a message.
import type { Page, Route } from '@playwright/test';
import { test, expect } from './fixtures';
import { addTodo, hydrated, item, items, logIn, register } from './helpers';
import { cuttable } from './network';

const baseURL = `http://127.0.0.1:${process.env.E2E_PORT ?? 3210}`;

/** Holds every write of the page to its todos until `release()`. */
async function holdWrites(page: Page) {
  const held: Route[] = [];
  await page.route(/\/api\/todos\/(add|update|toggle|delete|toggle-all|clear-completed)$/, (route) => {
    held.push(route);
  });
  return {
    count: () => held.length,
    async release() {
      for (const route of held.splice(0)) await route.continue();
    },
    /** Sends them on with their bodies changed by `edit`. */
    async releaseEdited(edit: (body: string) => string) {
      for (const route of held.splice(0)) {
        await route.continue({ postData: edit(route.request().postData() ?? '') });
      }
    },
  };
}

/** Milliseconds, measured in the page, from a click on `target` until
 * `selector` matches (or, with `gone`, stops matching) an element. */
async function clickToVisible(page: Page, target: string, selector: string, gone = false) {
  return page.evaluate(
    async ([target, selector, gone]) => {
      const start = performance.now();
      (document.querySelector(target as string) as HTMLElement).click();
      while (!!document.querySelector(selector as string) === gone) {
        await new Promise((frame) => requestAnimationFrame(frame));
      }
      return Math.round(performance.now() - start);
    },
    [target, selector, gone] as const,
  );
}

/** The same for a form submitted with Enter (`input` holds the text). */
async function enterToVisible(page: Page, input: string, text: string, selector: string) {
  return page.evaluate(
    async ([input, text, selector]) => {
      const field = document.querySelector(input) as HTMLInputElement;
      field.value = text;
      field.dispatchEvent(new Event('input', { bubbles: true }));
      const start = performance.now();
      field.form!.requestSubmit();
      while (!document.querySelector(selector)) {
        await new Promise((frame) => requestAnimationFrame(frame));
      }
      return Math.round(performance.now() - start);
    },
    [input, text, selector] as const,
  );
}

test('every action shows at once, marked as not yet saved, until the server answers', async ({ page }) => {
  await register(page);
  const writes = await holdWrites(page);
  const waiting = page.locator('.topbar .waiting');
  const times: Record<string, number> = {};

  times.add = await enterToVisible(page, '.new-todo', 'Instant milk', '.todo .meta[data-unsaved]');
  await expect(item(page, 'Instant milk').locator('.meta[data-unsaved]')).toBeVisible();
  await expect.poll(() => writes.count()).toBe(1);
  await expect(waiting).toHaveText('1 change waiting');
  await writes.release();
  await expect(item(page, 'Instant milk').locator('.meta[data-unsaved]')).toHaveCount(0);
  await expect(waiting).toHaveCount(0);

  times.toggle = await clickToVisible(page, '.todo .toggle', '.todo.completed');
  await expect.poll(() => writes.count()).toBe(1);
  await expect(page.locator('.todo-count')).toHaveText('0 items left');
  await expect(item(page, 'Instant milk').locator('.meta[data-unsaved]')).toBeVisible();
  await writes.release();
  await expect(item(page, 'Instant milk').locator('.meta[data-unsaved]')).toHaveCount(0);
  await expect(item(page, 'Instant milk')).toHaveClass(/completed/);

  await item(page, 'Instant milk').locator('.title').dblclick();
  await page.locator('.todo.editing .edit').fill('Instant oat milk');
  times.edit = await clickToVisible(page, '.todo.editing .editor .primary', '.todo:not(.editing) .meta[data-unsaved]');
  await expect(page.locator('.todo-list .title')).toHaveText(['Instant oat milk']);
  await expect.poll(() => writes.count()).toBe(1);
  await writes.release();
  await expect(page.locator('.meta[data-unsaved]')).toHaveCount(0);

  times.delete = await clickToVisible(page, '.todo .destroy', '.todo', true);
  await expect.poll(() => writes.count()).toBe(1);
  await writes.release();
  await expect(waiting).toHaveCount(0);
  await page.reload();
  await expect(items(page)).toHaveCount(0);

  // What a user waits before seeing each action: the answers were held,
  // so each showed long before a server 1.5 s away could have answered.
  for (const ms of Object.values(times)) expect(ms).toBeLessThan(1500);
  test.info().annotations.push({ type: 'time to visible (ms)', description: JSON.stringify(times) });
  console.log(`time to visible with the answer held (ms): ${JSON.stringify(times)}`);
});

test('a change the server refuses is rolled back, and the page says which and why', async ({ page, request }) => {
  const user = await register(page);
  await addTodo(page, 'Gone soon');
  await expect(item(page, 'Gone soon').locator('.meta[data-unsaved]')).toHaveCount(0);
  const writes = await holdWrites(page);

  await item(page, 'Gone soon').locator('.toggle').click();
  await expect(item(page, 'Gone soon')).toHaveClass(/completed/);

  // Meanwhile it is deleted elsewhere; the event arrives, but the page
  // keeps showing its own change until the server answers it.
  const login = await request.post(`${baseURL}/api/v1/auth/login`, { data: { email: user.email, password: user.password } });
  const { accessToken } = await login.json();
  const headers = { authorization: `Bearer ${accessToken}` };
  const todos = await (await request.get(`${baseURL}/api/v1/todos`, { headers })).json();
  const gone = await request.delete(`${baseURL}/api/v1/todos/${todos[0].id}`, { headers });
  expect(gone.status()).toBe(204);
  await expect(page.locator('.recent-entry').first()).toContainText('deleted');
  await expect(item(page, 'Gone soon')).toHaveCount(1);

  await writes.release();
  await expect(items(page)).toHaveCount(0);
  await expect(page.locator('.todoapp > .error')).toHaveText('“Gone soon” was not saved: not found');
  await expect(page.locator('.topbar .waiting')).toHaveCount(0);
});

test('a change made offline to a todo deleted meanwhile elsewhere is rolled back with a message when the network returns', async ({ browser, request }) => {
  const context = await browser.newContext();
  const network = await cuttable(context);
  const page = await context.newPage();
  const user = await register(page);
  await addTodo(page, 'Deleted elsewhere');
  await addTodo(page, 'Kept');
  await expect(page.locator('.meta[data-unsaved]')).toHaveCount(0);

  // Offline, with the socket cut too: the deletion is not seen yet.
  await network.cut();
  await context.setOffline(true);
  await item(page, 'Deleted elsewhere').locator('.toggle').click();
  await item(page, 'Kept').locator('.toggle').click();
  await expect(page.locator('.connection')).toHaveText('Offline — 2 changes waiting');
  const login = await request.post(`${baseURL}/api/v1/auth/login`, { data: { email: user.email, password: user.password } });
  const { accessToken } = await login.json();
  const headers = { authorization: `Bearer ${accessToken}` };
  const todos: { id: string; title: string }[] = await (await request.get(`${baseURL}/api/v1/todos`, { headers })).json();
  const doomed = todos.find((t) => t.title === 'Deleted elsewhere')!;
  expect((await request.delete(`${baseURL}/api/v1/todos/${doomed.id}`, { headers })).status()).toBe(204);
  await expect(item(page, 'Deleted elsewhere')).toHaveClass(/completed/);

  network.restore();
  await context.setOffline(false);
  await expect(page.locator('.todoapp > .error')).toHaveText('“Deleted elsewhere” was not saved: not found', { timeout: 15_000 });
  await expect(page.locator('.todo-list .title')).toHaveText(['Kept'], { timeout: 15_000 });
  await expect(item(page, 'Kept')).toHaveClass(/completed/);
  await expect(page.locator('.connection')).toHaveText('Live', { timeout: 15_000 });
  await context.close();
});

test('an add the server refuses leaves the list and puts its title back', async ({ page }) => {
  await register(page);
  const writes = await holdWrites(page);
  await addTodo(page, 'Refused');
  await expect(item(page, 'Refused')).toHaveCount(1);
  await expect(page.locator('.new-todo')).toHaveValue('');
  // It reaches the server with a title too long: refused.
  await writes.releaseEdited((body) => body.replace('title=Refused', `title=${'x'.repeat(201)}`));
  await expect(items(page)).toHaveCount(0);
  await expect(page.locator('.new-todo')).toHaveValue('Refused');
  await expect(page.locator('.todoapp > .error')).toHaveText(
    '“Refused” was not saved: title: must be at most 200 characters',
  );
});

test('writes made offline wait, survive a closed tab, and go out in order when the network returns', async ({ browser }) => {
  const annContext = await browser.newContext();
  const ann = await annContext.newPage();
  const user = await register(ann);
  await addTodo(ann, 'Base');
  await expect(item(ann, 'Base').locator('.meta[data-unsaved]')).toHaveCount(0);
  const bobContext = await browser.newContext();
  const bob = await bobContext.newPage();
  await logIn(bob, user);
  await expect(item(bob, 'Base')).toHaveCount(1);

  await annContext.setOffline(true);
  for (const title of ['Off 1', 'Off 2', 'Off 3']) await addTodo(ann, title);
  await item(ann, 'Base').locator('.toggle').click();
  await expect(ann.locator('.topbar .waiting')).toHaveText('4 changes waiting');
  await expect(ann.locator('.todo-list .title')).toHaveText(['Base', 'Off 1', 'Off 2', 'Off 3']);
  await expect(ann.locator('.meta[data-unsaved]')).toHaveCount(4);
  // Nothing reached the server.
  await expect(bob.locator('.todo-list li')).toHaveCount(1);

  // The tab closes with its writes unsent; the next one sends them.
  await ann.close();
  await annContext.setOffline(false);
  const again = await annContext.newPage();
  await again.goto('/');
  await hydrated(again);
  await expect(again.locator('.todo-list .title')).toHaveText(['Base', 'Off 1', 'Off 2', 'Off 3']);
  await expect(again.locator('.meta[data-unsaved]')).toHaveCount(0, { timeout: 10_000 });
  await expect(again.locator('.topbar .waiting')).toHaveCount(0);
  await expect(bob.locator('.todo-list .title')).toHaveText(['Base', 'Off 1', 'Off 2', 'Off 3']);
  await expect(item(bob, 'Base')).toHaveClass(/completed/);

  // Offline with the tab open: they go when the network returns.
  await annContext.setOffline(true);
  await addTodo(again, 'Off 4');
  await item(again, 'Off 1').locator('.title').dblclick();
  await again.locator('.todo.editing .edit').fill('Off one');
  await again.locator('.todo.editing .edit').press('Enter');
  await expect(again.locator('.topbar .waiting')).toHaveText('2 changes waiting');
  await expect(item(again, 'Off one')).toHaveCount(1);
  await annContext.setOffline(false);
  await expect(item(bob, 'Off 4')).toHaveCount(1, { timeout: 15_000 });
  await expect(item(bob, 'Off one')).toHaveCount(1);
  await expect(again.locator('.topbar .waiting')).toHaveCount(0);
  await annContext.close();
  await bobContext.close();
});

test('answers lost on the way make no duplicates: the same write is sent again', async ({ page, request }) => {
  const user = await register(page);
  const dropped: Record<string, number> = { add: 0, update: 0 };
  await page.route(/\/api\/todos\/(add|update)$/, async (route) => {
    const kind = route.request().url().endsWith('add') ? 'add' : 'update';
    if (dropped[kind] < 2) {
      dropped[kind] += 1;
      // The server does the write; its answer never arrives.
      await route.fetch();
      await route.abort();
    } else {
      await route.continue();
    }
  });
  await addTodo(page, 'Exactly once');
  await expect(item(page, 'Exactly once').locator('.meta[data-unsaved]')).toHaveCount(0, { timeout: 15_000 });
  await item(page, 'Exactly once').locator('.toggle').click();
  await expect(item(page, 'Exactly once').locator('.meta[data-unsaved]')).toHaveCount(0, { timeout: 15_000 });
  expect(dropped).toEqual({ add: 2, update: 2 });

  const login = await request.post(`${baseURL}/api/v1/auth/login`, { data: { email: user.email, password: user.password } });
  const { accessToken } = await login.json();
  const todos = await (await request.get(`${baseURL}/api/v1/todos`, { headers: { authorization: `Bearer ${accessToken}` } })).json();
  expect(todos.map((t: { title: string }) => t.title)).toEqual(['Exactly once']);
  expect(todos[0].completed).toBe(true);
  await expect(page.locator('.todo-list li')).toHaveCount(1);
  await expect(item(page, 'Exactly once')).toHaveClass(/completed/);
});

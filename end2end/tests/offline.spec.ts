// Offline (issue 12): the story of the issue, on a server of the spec's own
// that the test stops and starts again. A stopped server is a real loss of
// network for the page and its service worker alike (Chromium's offline
// emulation, `setOffline`, does not reach a service worker's own fetches,
// nor open WebSockets); `setOffline` adds what the browser then says
// (`navigator.onLine`). Runs serially: it stops the server.
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { addTodo, hydrated, item, register, shareNewList, uniqueUser } from './helpers';
import { OwnServer } from './own-server';

const server = new OwnServer(3);
const baseURL = server.baseURL;

test.describe.configure({ mode: 'serial' });
test.use({ baseURL });
test.beforeAll(async () => server.start());
test.afterAll(async () => server.dispose());

/** The service worker's copy of the open page, as HTML ('' while none). */
async function keptCopy(page: Page) {
  return page.evaluate(async () => {
    const kept = await (await caches.open('livetodo-pages-v1')).match(location.href);
    return kept ? kept.text() : '';
  });
}

test('on the underground: changes wait offline, survive a reload without a network, and reach a member when it returns', async ({ browser }) => {
  const annContext = await browser.newContext({ baseURL });
  const bobContext = await browser.newContext({ baseURL });
  const ann = await annContext.newPage();
  const bob = await bobContext.newPage();
  await register(ann, uniqueUser('ann'));
  const bobUser = await register(bob, uniqueUser('bob'));

  // Ann's list "Commute", shared with Bob, who has it open.
  await shareNewList(ann, 'Commute', bobUser);
  for (const title of ['Milk', 'Eggs', 'Bread', 'Tea']) await addTodo(ann, title);
  await expect(ann.locator('.meta[data-unsaved]')).toHaveCount(0);
  await bob.locator('.list-links a', { hasText: 'Commute' }).click();
  await expect(bob.locator('.todo-list .title')).toHaveText(['Milk', 'Eggs', 'Bread', 'Tea']);

  // The service worker keeps the list as Ann last saw it.
  await expect.poll(() => keptCopy(ann), { timeout: 15_000 }).toContain('Tea');

  // Underground: no server, no network.
  await server.stop();
  await annContext.setOffline(true);
  const badge = ann.locator('.connection');
  await expect(badge).toHaveText('Offline');
  await expect(badge).toHaveAttribute('data-state', 'offline');
  for (const title of ['Milk', 'Eggs', 'Bread']) await item(ann, title).locator('.toggle').click();
  await addTodo(ann, 'Oranges');
  await item(ann, 'Tea').locator('.title').dblclick();
  await ann.locator('.todo.editing .edit').fill('Green tea');
  await ann.locator('.todo.editing .edit').press('Enter');
  const after = ['Milk', 'Eggs', 'Bread', 'Green tea', 'Oranges'];
  await expect(ann.locator('.todo-list .title')).toHaveText(after);
  await expect(ann.locator('.meta[data-unsaved]')).toHaveCount(5);
  await expect(badge).toHaveText('Offline — 5 changes waiting');

  // A reload without a network: the kept page, her changes laid over it.
  await ann.reload();
  await hydrated(ann);
  await expect(ann.locator('.list-name')).toHaveText('Commute');
  await expect(ann.locator('.todo-list .title')).toHaveText(after);
  await expect(ann.locator('.todo.completed .title')).toHaveText(['Milk', 'Eggs', 'Bread']);
  await expect(ann.locator('.meta[data-unsaved]')).toHaveCount(5);
  await expect(badge).toHaveText('Offline — 5 changes waiting');

  // Above ground: the five go out in order; Bob sees them live.
  await server.start();
  await annContext.setOffline(false);
  await expect(ann.locator('.meta[data-unsaved]')).toHaveCount(0, { timeout: 15_000 });
  await expect(badge).toHaveText('Live', { timeout: 15_000 });
  await expect(bob.locator('.todo-list .title')).toHaveText(after, { timeout: 15_000 });
  await expect(bob.locator('.todo.completed .title')).toHaveText(['Milk', 'Eggs', 'Bread']);
  // Nothing twice: a fresh page of Ann's shows the same five.
  await ann.reload();
  await hydrated(ann);
  await expect(ann.locator('.todo-list .title')).toHaveText(after);
  await annContext.close();
  await bobContext.close();
});

test('logging out forgets the kept pages', async ({ page }) => {
  await register(page, uniqueUser('kept'));
  await addTodo(page, 'Private');
  await expect.poll(() => keptCopy(page), { timeout: 15_000 }).toContain('Private');
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login/);
  const kept = () => page.evaluate(async () => (await (await caches.open('livetodo-pages-v1')).keys()).length);
  await expect.poll(kept).toBe(0);
});

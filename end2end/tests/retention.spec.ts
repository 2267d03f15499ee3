// Past the change log's reach (SPEC §7, issue 9): a device that was away
// for longer than the log keeps is told `resync` when it resumes, and
// refetches the list in place (no reload) instead of replaying it. The
// spec's own server keeps only each list's last 3 changes, and prunes at
// start-up: a restart while the device is away prunes what it missed.
import { expect, test } from './fixtures';
import { addTodo, logIn, register } from './helpers';
import { cuttable } from './network';
import { OwnServer } from './own-server';

const server = new OwnServer(2, { CHANGE_LOG_KEEP_CHANGES: '3', CHANGE_LOG_KEEP_DAYS: '0' });
const baseURL = server.baseURL;

test.describe.configure({ mode: 'serial' });
test.use({ baseURL });
test.beforeAll(() => server.start());
test.afterAll(() => server.dispose());

test('a device away for longer than the log keeps refetches its list in place when it comes back', async ({ browser }) => {
  const here = await browser.newContext({ baseURL });
  const away = await browser.newContext({ baseURL });
  const network = await cuttable(away);
  const [a, b] = await Promise.all([here.newPage(), away.newPage()]);
  const errors: string[] = [];
  for (const page of [a, b]) page.on('pageerror', (e) => errors.push(e.message));
  const user = await register(a);
  await logIn(b, user);
  for (const page of [a, b]) await expect(page.locator('.connection')).toHaveAttribute('data-state', 'connected');
  await addTodo(a, 'Before');
  await expect(b.locator('.todo-list .title')).toHaveText(['Before']);
  // Marks this document: a reload would lose it.
  await b.evaluate(() => Object.assign(window, { sameDocument: true }));

  await network.cut();
  await expect(b.locator('.connection')).toHaveAttribute('data-state', 'reconnecting');
  const titles = ['Away 1', 'Away 2', 'Away 3', 'Away 4', 'Away 5'];
  for (const title of titles) await addTodo(a, title);
  await a.locator('.todo-list li', { hasText: 'Before' }).locator('.destroy').click();
  await expect(a.locator('.todo-list .title')).toHaveText(titles);

  // The restart prunes the list's log to its last 3 changes: the device's
  // next change (the first "Away") is gone from it.
  await server.stop();
  await server.start();
  await expect(a.locator('.connection')).toHaveAttribute('data-state', 'connected', { timeout: 15_000 });

  network.restore();
  await expect(b.locator('.connection')).toHaveAttribute('data-state', 'connected', { timeout: 15_000 });
  await expect(b.locator('.todo-list .title')).toHaveText(titles);
  expect(await b.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  // Nothing was replayed, so nothing is summed up as missed.
  await expect(b.locator('.recent-group')).toHaveCount(0);

  // Live again from the list's new number: the next change arrives as usual.
  await addTodo(a, 'After');
  await expect(b.locator('.todo-list .title')).toHaveText([...titles, 'After']);
  expect(errors).toEqual([]);
  await here.close();
  await away.close();
});

// Instant list actions (issue 12): making, renaming, sharing, removing a
// member, deleting and leaving a list show at once, before the server's
// answer (held back here); a refusal is rolled back and said; a create whose
// answer is lost is sent again and makes one list.
import type { Page, Route } from '@playwright/test';
import { expect, test } from './fixtures';
import { addTodo, item, person, register } from './helpers';

const baseURL = `http://127.0.0.1:${process.env.E2E_PORT ?? 3210}`;
const LIST_WRITES = /\/api\/lists\/(create|rename|delete|members\/add|members\/remove)$/;

/** Holds every list write of the page until `release()`, which lets them
 * and later ones through until `hold()` again. */
async function holdListWrites(page: Page) {
  const held: Route[] = [];
  let holding = true;
  await page.route(LIST_WRITES, async (route) => {
    if (holding) held.push(route);
    else await route.continue();
  });
  return {
    count: () => held.length,
    hold() {
      holding = true;
    },
    async release() {
      holding = false;
      for (const route of held.splice(0)) await route.continue();
    },
  };
}

/** Milliseconds, measured in the page, from submitting `text` in `input`
 * until the open list's header shows it. */
async function submitToHeader(page: Page, input: string, text: string) {
  return page.evaluate(
    async ([input, text]) => {
      const field = document.querySelector(input) as HTMLInputElement;
      field.value = text;
      field.dispatchEvent(new Event('input', { bubbles: true }));
      const start = performance.now();
      field.form!.requestSubmit();
      while (document.querySelector('.list-name')?.textContent !== text) {
        await new Promise((frame) => requestAnimationFrame(frame));
      }
      return Math.round(performance.now() - start);
    },
    [input, text] as const,
  );
}

const names = (page: Page) => page.locator('.list-link-name');
const waiting = (page: Page) => page.locator('.topbar .waiting');

/** The caller's lists by name, through the JSON API. */
async function listNames(page: Page, user: { email: string; password: string }) {
  const login = await page.request.post(`${baseURL}/api/v1/auth/login`, { data: { email: user.email, password: user.password } });
  const { accessToken } = await login.json();
  const lists = await (await page.request.get(`${baseURL}/api/v1/lists`, { headers: { authorization: `Bearer ${accessToken}` } })).json();
  return lists.map((l: { name: string }) => l.name);
}

test('list actions show at once with their answers held, and a refused share is rolled back', async ({ browser }) => {
  const ann = await person(browser, 'ann');
  const bob = await person(browser, 'bob');
  const writes = await holdListWrites(ann.page);
  const page = ann.page;

  const times: Record<string, number> = {};
  times.create = await submitToHeader(page, '.new-list input', 'Held trip');
  await expect(page).toHaveURL(/\/lists\/[0-9a-f-]{36}$/);
  await expect(page.locator('.list-name')).toHaveText('Held trip');
  await expect(names(page)).toHaveText(['My todos', 'Held trip']);
  // Its todos wait behind it, in order.
  await addTodo(page, 'Tickets');
  await expect(item(page, 'Tickets').locator('.meta[data-unsaved]')).toHaveCount(1);
  // (From "/" the list's page is a new one, which sends the waiting create
  // again: harmless, it carries the list's id.)
  await expect.poll(() => writes.count()).toBeGreaterThanOrEqual(1);
  await expect(waiting(page)).toHaveText('2 changes waiting');

  await page.getByRole('button', { name: 'Rename' }).click();
  times.rename = await submitToHeader(page, '.list-name-input', 'Held holiday');
  await expect(page.locator('.list-name')).toHaveText('Held holiday');
  for (const ms of Object.values(times)) expect(ms).toBeLessThan(1500);
  console.log(`list actions, time to visible with the answer held (ms): ${JSON.stringify(times)}`);

  await page.getByRole('button', { name: 'Share' }).click();
  const dialog = page.locator('dialog.share-dialog');
  for (const who of [bob.user.username, 'no-such-person']) {
    await dialog.getByLabel('Username or email').fill(who);
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(dialog.locator('.member-name', { hasText: who })).toHaveCount(1);
  }
  await expect(waiting(page)).toHaveText('5 changes waiting');

  // The answers come: the unknown account is refused, said in the dialog,
  // typed again into its box, and taken off the members.
  await writes.release();
  await expect(dialog.locator('#share-error')).toContainText('no such', { ignoreCase: true });
  await expect(dialog.getByLabel('Username or email')).toHaveValue('no-such-person');
  await expect(dialog.locator('.member-name')).toHaveText([ann.user.username, bob.user.username]);
  await page.keyboard.press('Escape');
  await expect(waiting(page)).toHaveCount(0, { timeout: 10_000 });
  await expect(bob.page.locator('.list-link-name')).toHaveText(['My todos', 'Held holiday']);
  expect(await listNames(page, ann.user)).toEqual(['My todos', 'Held holiday']);

  // Bob leaves, his answer held: the list goes from his page at once.
  const bobWrites = await holdListWrites(bob.page);
  await bob.page.locator('.list-links a', { hasText: 'Held holiday' }).click();
  await expect(bob.page.locator('.todo-list .title')).toHaveText(['Tickets']);
  // Ann joined the list's presence once the server had made it.
  await expect(bob.page.locator('.presence .avatar')).toHaveAttribute('title', ann.user.username);
  await bob.page.getByRole('button', { name: 'Leave list' }).click();
  await expect(bob.page.locator('.list-link-name')).toHaveText(['My todos']);
  await expect(bob.page.locator('.list-name')).toHaveText('My todos');
  await expect.poll(() => bobWrites.count()).toBe(1);
  await bobWrites.release();
  await expect(page.locator('.list-links .shared-count')).toHaveCount(0);

  // Ann deletes it, her answer held: gone at once, and she lands on her
  // own first list.
  writes.hold();
  await page.getByRole('button', { name: 'Delete list' }).click();
  await expect(names(page)).toHaveText(['My todos']);
  await expect(page.locator('.list-name')).toHaveText('My todos');
  await expect.poll(() => writes.count()).toBe(1);
  await writes.release();
  await expect(waiting(page)).toHaveCount(0);
  expect(await listNames(page, ann.user)).toEqual(['My todos']);
  expect([...ann.errors, ...bob.errors]).toEqual([]);
  await ann.context.close();
  await bob.context.close();
});

test('a list made whose answers are lost is made once: the same create is sent again', async ({ page }) => {
  const user = await register(page);
  let dropped = 0;
  await page.route(/\/api\/lists\/create$/, async (route) => {
    if (dropped < 2) {
      dropped += 1;
      // The server makes the list; its answer never arrives.
      await route.fetch();
      await route.abort();
    } else {
      await route.continue();
    }
  });
  await page.getByLabel('New list name').fill('Exactly one list');
  await page.getByRole('button', { name: 'Add list' }).click();
  await addTodo(page, 'In it');
  await expect(page.locator('.meta[data-unsaved]')).toHaveCount(0, { timeout: 15_000 });
  await expect(waiting(page)).toHaveCount(0);
  expect(dropped).toBe(2);
  expect(await listNames(page, user)).toEqual(['My todos', 'Exactly one list']);
  await page.reload();
  await expect(names(page)).toHaveText(['My todos', 'Exactly one list']);
  await expect(page.locator('.todo-list .title')).toHaveText(['In it']);
});

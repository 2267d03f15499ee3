// A 200-action offline session replayed online (issue 12). Ann, cut off,
// adds, ticks, renames and deletes at random (a fixed seed, so a failure
// replays the same) while her other device deletes some of the same todos.
// Back online, every write goes out once and in order: the test keeps its
// own model of what the server must end with, and checks Ann's page, the
// other device and the JSON API against it. The outcome counts are printed
// for the closing note.
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { addTodo, item, logIn, register } from './helpers';
import { cuttable } from './network';

const baseURL = `http://127.0.0.1:${process.env.E2E_PORT ?? 3210}`;
const ACTIONS = 200;
const SEEDED = 20;
const DELETED_ELSEWHERE = 5;

type Todo = { key: number; title: string; completed: boolean };

/** A linear congruential generator: the same draws on every run. */
function draws(seed: number) {
  let state = seed >>> 0;
  return (n: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
}

const pad = (n: number) => String(n).padStart(3, '0');
const summary = (todos: Todo[]) => todos.map((t) => `${t.title}${t.completed ? ' ✓' : ''}`).sort();

async function shown(page: Page) {
  const rows = page.locator('.todo-list li');
  const titles = await rows.locator('.title').allTextContents();
  const done = await rows.evaluateAll((lis) => lis.map((li) => li.classList.contains('completed')));
  return titles.map((title, i) => `${title}${done[i] ? ' ✓' : ''}`).sort();
}

test('200 actions offline, replayed online: each applied once, the refused rolled back, none lost', async ({ browser, request }) => {
  test.setTimeout(180_000);
  const annContext = await browser.newContext();
  const network = await cuttable(annContext);
  const ann = await annContext.newPage();
  const user = await register(ann);
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();

  const server: Todo[] = [];
  for (let key = 1; key <= SEEDED; key++) {
    const todo = { key, title: `Seed ${pad(key)}`, completed: false };
    await addTodo(ann, todo.title);
    server.push(todo);
  }
  await expect(ann.locator('.meta[data-unsaved]')).toHaveCount(0, { timeout: 10_000 });
  await logIn(other, user);
  await expect(other.locator('.todo-list li')).toHaveCount(SEEDED);

  // Offline. Her other device deletes some of the same todos meanwhile.
  await network.cut();
  await annContext.setOffline(true);
  const next = draws(12);
  const gone = new Set<number>();
  while (gone.size < DELETED_ELSEWHERE) gone.add(1 + next(SEEDED));
  for (const key of gone) await item(other, `Seed ${pad(key)}`).locator('.destroy').click();
  await expect(other.locator('.todo-list li')).toHaveCount(SEEDED - DELETED_ELSEWHERE);

  // Ann's session, on what her page shows; each action also goes into the
  // model of the server, where a change to a todo deleted elsewhere is
  // refused (and a deletion of one is done already).
  const view: Todo[] = server.map((t) => ({ ...t }));
  for (const key of gone) server.splice(server.findIndex((t) => t.key === key), 1);
  const counts = { add: 0, toggle: 0, rename: 0, delete: 0, refused: 0, deletedTwice: 0 };
  let nextKey = SEEDED + 1;
  for (let action = 1; action <= ACTIONS; action++) {
    const roll = view.length === 0 ? 0 : next(10);
    if (roll < 3) {
      const todo = { key: nextKey++, title: `New ${pad(action)}`, completed: false };
      await addTodo(ann, todo.title);
      view.push(todo);
      server.push({ ...todo });
      counts.add++;
      continue;
    }
    const target = view[next(view.length)];
    const onServer = server.find((t) => t.key === target.key);
    const row = item(ann, target.title);
    if (roll < 6) {
      await row.locator('.toggle').click();
      target.completed = !target.completed;
      counts.toggle++;
      if (onServer) onServer.completed = target.completed;
      else counts.refused++;
    } else if (roll < 8) {
      const title = `Renamed ${pad(action)}`;
      await row.locator('.title').dblclick();
      await ann.locator('.todo.editing .edit').fill(title);
      await ann.locator('.todo.editing .edit').press('Enter');
      target.title = title;
      counts.rename++;
      if (onServer) onServer.title = title;
      else counts.refused++;
    } else {
      await row.locator('.destroy').click();
      view.splice(view.indexOf(target), 1);
      counts.delete++;
      if (onServer) server.splice(server.indexOf(onServer), 1);
      else counts.deletedTwice++;
    }
  }
  await expect.poll(() => shown(ann)).toEqual(summary(view));
  await expect(ann.locator('.connection .waiting')).toHaveText(`${ACTIONS} changes waiting`);

  // Online: the queue drains in order.
  const start = Date.now();
  network.restore();
  await annContext.setOffline(false);
  await expect(ann.locator('.connection .waiting')).toHaveCount(0, { timeout: 120_000 });
  const replayMs = Date.now() - start;

  const expected = summary(server);
  await expect.poll(() => shown(ann), { timeout: 15_000 }).toEqual(expected);
  await expect.poll(() => shown(other), { timeout: 15_000 }).toEqual(expected);
  const login = await request.post(`${baseURL}/api/v1/auth/login`, { data: { email: user.email, password: user.password } });
  const { accessToken } = await login.json();
  const stored: { title: string; completed: boolean }[] = await (
    await request.get(`${baseURL}/api/v1/todos`, { headers: { authorization: `Bearer ${accessToken}` } })
  ).json();
  expect(stored.map((t) => `${t.title}${t.completed ? ' ✓' : ''}`).sort()).toEqual(expected);
  await expect(ann.locator('.meta[data-unsaved]')).toHaveCount(0);

  const outcome = {
    actions: ACTIONS,
    ...counts,
    applied: ACTIONS - counts.refused - counts.deletedTwice,
    stored: stored.length,
    duplicates: stored.length - new Set(stored.map((t) => t.title)).size,
    replayMs,
  };
  test.info().annotations.push({ type: 'offline replay', description: JSON.stringify(outcome) });
  console.log(`200-action offline session replayed: ${JSON.stringify(outcome)}`);
  expect(outcome.duplicates).toBe(0);
  await annContext.close();
  await otherContext.close();
});

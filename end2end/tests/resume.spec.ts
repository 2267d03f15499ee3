// Nothing missed (SPEC §7, issue 9): a tab whose connection drops catches
// up from the change log when it comes back, instead of refetching. The
// test cuts the tab's Socket.IO traffic itself (see `network.ts`).
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { addTodo, register, shareNewList, uniqueUser } from './helpers';
import { cuttable } from './network';

const toasts = (page: Page) => page.locator('.toast');

test('a member who was away catches up on reconnect: the list is right, one toast sums it up, Recent changes has every change', async ({ browser }) => {
  const annContext = await browser.newContext();
  const bobContext = await browser.newContext();
  const network = await cuttable(bobContext);
  const ann = await annContext.newPage();
  const bob = await bobContext.newPage();
  const errors: string[] = [];
  for (const page of [ann, bob]) page.on('pageerror', (e) => errors.push(e.message));
  await register(ann, uniqueUser('ann'));
  const bobUser = await register(bob, uniqueUser('bob'));

  await shareNewList(ann, 'Weekend', bobUser);
  // Bob's tab has the list (so its socket is in the list's room) before
  // anything happens in it: otherwise opening it may rightly catch up on
  // "1 change while you were away", a second summary this test does not
  // expect.
  await expect(bob.locator('.list-links a', { hasText: 'Weekend' })).toHaveCount(1);
  await addTodo(ann, 'Before');
  await bob.locator('.list-links a', { hasText: 'Weekend' }).click();
  await expect(bob.locator('.todo-list .title')).toHaveText(['Before']);
  await expect(toasts(bob)).toHaveCount(0, { timeout: 10_000 });
  await expect(bob.locator('.connection')).toHaveAttribute('data-state', 'connected');

  // Bob's connection drops; Ann makes 20 changes meanwhile.
  await network.cut();
  await expect(bob.locator('.connection')).toHaveAttribute('data-state', 'reconnecting');
  const titles = Array.from({ length: 18 }, (_, i) => `Away ${i + 1}`);
  for (const title of titles) await addTodo(ann, title);
  await expect(ann.locator('.todo-list li')).toHaveCount(19);
  await ann.locator('.todo-list li', { hasText: 'Away 1' }).first().locator('.toggle').click();
  await ann.locator('.todo-list li', { hasText: 'Before' }).locator('.destroy').click();
  await expect(ann.locator('.todo-list li')).toHaveCount(18);
  await expect(ann.locator('.todo.completed')).toHaveCount(1);

  // Back: Bob's list equals Ann's, one toast for the lot, 20 rows naming Ann.
  network.restore();
  await expect(bob.locator('.connection')).toHaveAttribute('data-state', 'connected', { timeout: 15_000 });
  await expect(bob.locator('.todo-list .title')).toHaveText(titles);
  await expect(bob.locator('.todo.completed .title')).toHaveText(['Away 1']);
  await expect(toasts(bob)).toHaveCount(1);
  await expect(toasts(bob)).toContainText('20 changes while you were away');
  // Recent changes groups the 20 under the same summary, newest first.
  await expect(bob.locator('.recent-group')).toHaveText([/^20 changes while you were away/]);
  const recent = bob.locator('.recent-entry.in-burst');
  await expect(recent).toHaveCount(20);
  await expect(recent.filter({ hasText: 'Away' })).toHaveCount(19);
  await expect(recent.filter({ hasText: 'deleted' })).toHaveCount(1);
  await expect(recent.first()).toContainText('deleted “Before”');
  await expect(bob.locator('.recent-list > li').first()).toHaveClass('recent-group');

  expect(errors).toEqual([]);
  await annContext.close();
  await bobContext.close();
});

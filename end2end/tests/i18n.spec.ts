// Russian beside English (issue 11): the language comes from
// Accept-Language (Playwright's `locale`), the page is rendered in it on the
// server, the switch is remembered, errors are told in the page's language
// while the JSON API stays English, and nothing is left untranslated.
import type { Browser, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { addTodo, hydrated, item, register, uniqueUser } from './helpers';

const baseURL = `http://127.0.0.1:${process.env.E2E_PORT ?? 3210}`;

// Latin words a Russian page may show: the product's name, the other
// language's name in itself, and key names.
const LATIN_ALLOWED = new Set(['LiveTodo', 'English', 'Ctrl', 'Shift', 'Tab', 'Enter', 'Escape']);

/** Every Latin word the page shows or names (text, labels, titles,
 * placeholders), once the user's own words are taken out. */
async function englishLeft(page: Page, own: string[]) {
  const texts = await page.evaluate(() => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const parent = walker.currentNode.parentElement;
      // Avatars show the initials of a username: the user's own words.
      if (parent && !parent.closest('script, style, template, .avatar')) out.push(walker.currentNode.textContent ?? '');
    }
    for (const el of document.body.querySelectorAll('[aria-label], [title], [placeholder]')) {
      for (const name of ['aria-label', 'title', 'placeholder']) out.push(el.getAttribute(name) ?? '');
    }
    return out;
  });
  let all = texts.join(' \n ');
  for (const word of own) all = all.split(word).join(' ');
  return (all.match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !LATIN_ALLOWED.has(w));
}

async function context(browser: Browser, locale: string, javaScriptEnabled = true) {
  return browser.newContext({ locale, javaScriptEnabled });
}

test('Russian from Accept-Language: plurals, times, dates, every page, nothing left in English', async ({ browser }) => {
  const ctx = await context(browser, 'ru-RU');
  const page = await ctx.newPage();
  const user = await register(page, uniqueUser('ru'));
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  await expect(page.locator('.account-link')).toHaveText('Учётная запись');

  const titles = ['Молоко', 'Хлеб', 'Сыр', 'Яйца', 'Чай'];
  await addTodo(page, titles[0]);
  await expect(page.locator('.todo-count')).toHaveText('1 задача осталась');
  await addTodo(page, titles[1]);
  await expect(page.locator('.todo-count')).toHaveText('2 задачи остались');
  for (const title of titles.slice(2)) await addTodo(page, title);
  await expect(page.locator('.todo-count')).toHaveText('5 задач осталось');
  await item(page, 'Сыр').locator('.toggle').click();
  await expect(page.locator('.todo-count')).toHaveText('4 задачи остались');

  const latest = page.locator('.recent-entry').first();
  await expect(latest).toContainText('выполнена задача «Сыр»');
  await expect(latest).toContainText('только что · эта вкладка');

  // A due date, formatted for the locale (the attribute keeps ISO).
  await item(page, 'Чай').locator('.title').dblclick();
  await page.locator('.todo.editing .edit-due').fill('2020-01-01');
  await page.locator('.todo.editing .editor .primary').click();
  await expect(item(page, 'Чай').locator('.due')).toHaveText('просрочено · срок 1 янв. 2020 г.');
  await expect(item(page, 'Чай').locator('.priority')).toHaveText('средний');

  const own = [user.username, ...titles];
  expect(await englishLeft(page, own), 'the list page').toEqual([]);
  await page.locator('body').press('?');
  await expect(page.locator('dialog.help-dialog')).toBeVisible();
  await expect(page.locator('#help-title')).toHaveText('Сочетания клавиш');
  await page.keyboard.press('Escape');
  // The first list is named in the language the account was made in.
  await expect(page.locator('.list-name')).toHaveText('Мои задачи');
  await page.locator('.share-button').click();
  await expect(page.locator('#share-title')).toHaveText('Участники списка «Мои задачи»');
  expect(await englishLeft(page, own), 'the share dialog').toEqual([]);
  await page.keyboard.press('Escape');

  // Rendered on the server in Russian: the same page without a script.
  const plain = await (await context(browser, 'ru-RU', false)).newPage();
  await plain.goto('/login');
  await expect(plain.locator('html')).toHaveAttribute('lang', 'ru');
  await expect(plain.locator('h1')).toHaveText('Вход в LiveTodo');
  expect(await englishLeft(plain, []), 'the log-in page').toEqual([]);
  await plain.goto('/register');
  expect(await englishLeft(plain, []), 'the register page').toEqual([]);
  await plain.goto('/login');
  await plain.locator('input[name=email]').fill(user.email);
  await plain.locator('input[name=password]').fill(user.password);
  await plain.locator('.auth-form button[type=submit]').click();
  await expect(plain.locator('.todo-count')).toHaveText('4 задачи остались');
  await expect(plain.locator('.connection')).toHaveText('Без обновлений');
  expect(await englishLeft(plain, own), 'the list page without a script').toEqual([]);
  await plain.goto('/account');
  await expect(plain.locator('h1')).toHaveText('Ваша учётная запись');
  expect(await englishLeft(plain, [user.email, user.username]), 'the account page').toEqual([]);
  await plain.context().close();
  await ctx.close();
});

test('the language switch is remembered, with and without a script', async ({ browser }) => {
  const ctx = await context(browser, 'en-US');
  const page = await ctx.newPage();
  await register(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await addTodo(page, 'Filtered');
  await page.locator('.filters a').nth(1).click();
  await expect(page).toHaveURL(/filter=active$/);
  const address = page.url();

  await page.getByRole('button', { name: 'Русский' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  await hydrated(page);
  await expect(page).toHaveURL(address);
  await expect(page.locator('.filters a[aria-current=page]')).toHaveText('Активные');
  await expect(page.getByRole('button', { name: 'Русский' })).toHaveAttribute('aria-pressed', 'true');

  // Remembered: another tab of the same browser opens in Russian.
  const other = await ctx.newPage();
  await other.goto('/');
  await expect(other.locator('.account-link')).toHaveText('Учётная запись');
  await other.getByRole('button', { name: 'English' }).click();
  await expect(other.locator('.account-link')).toHaveText('Account');
  await ctx.close();

  // Without a script: the switch is a plain form.
  const plain = await (await context(browser, 'en-US', false)).newPage();
  await plain.goto('/login');
  await plain.getByRole('button', { name: 'Русский' }).click();
  await expect(plain).toHaveURL(/\/login$/);
  await expect(plain.locator('h1')).toHaveText('Вход в LiveTodo');
  await plain.context().close();
});

test("errors are told in the page's language, while the JSON API keeps English", async ({ browser, request }) => {
  const ctx = await context(browser, 'ru-RU');
  const page = await ctx.newPage();
  const user = await register(page, uniqueUser('err'));
  await addTodo(page, 'x'.repeat(201));
  await expect(page.locator('.todoapp > .error')).toHaveText('Название: не длиннее 200 символов');

  // A taken username, on the register page of a fresh browser.
  const stranger = await (await context(browser, 'ru-RU')).newPage();
  await stranger.goto('/register');
  await hydrated(stranger);
  await stranger.locator('input[name=username]').fill(user.username);
  await stranger.locator('input[name=email]').fill(`other_${user.email}`);
  await stranger.locator('input[name=password]').fill(user.password);
  await stranger.locator('.auth-form button[type=submit]').click();
  await expect(stranger.locator('.auth-form .error')).toHaveText('Имя пользователя: уже занято');

  const login = await request.post(`${baseURL}/api/v1/auth/login`, {
    data: { email: user.email, password: user.password },
    headers: { 'accept-language': 'ru-RU,ru;q=0.9' },
  });
  const { accessToken } = await login.json();
  const refused = await request.post(`${baseURL}/api/v1/todos`, {
    data: { title: 'x'.repeat(201) },
    headers: { authorization: `Bearer ${accessToken}`, 'accept-language': 'ru-RU,ru;q=0.9' },
  });
  expect(refused.status()).toBe(400);
  expect(await refused.json()).toMatchObject({ error: 'title: must be at most 200 characters', field: 'title' });
  await stranger.context().close();
  await ctx.close();
});

test('a burst of changes from elsewhere is announced once, a lone change by its sentence', async ({ page, request }) => {
  const user = await register(page);
  await page.evaluate(() => {
    const heard: string[] = [];
    (window as unknown as { heard: string[] }).heard = heard;
    const announcer = document.querySelector('.toasts .announcer')!;
    new MutationObserver(() => heard.push(announcer.textContent ?? '')).observe(announcer, {
      childList: true,
      characterData: true,
      subtree: true,
    });
  });
  const heard = () => page.evaluate(() => (window as unknown as { heard: string[] }).heard.filter((t) => t));
  const login = await request.post(`${baseURL}/api/v1/auth/login`, { data: { email: user.email, password: user.password } });
  const { accessToken } = await login.json();
  const create = (title: string) =>
    request.post(`${baseURL}/api/v1/todos`, {
      data: { title },
      headers: { authorization: `Bearer ${accessToken}` },
    });

  await Promise.all(['One', 'Two', 'Three', 'Four', 'Five', 'Six'].map(create));
  await expect(page.locator('.todo-list li')).toHaveCount(6);
  // Each announcement is a lone sentence or "N changes to your lists".
  const counted = async () =>
    (await heard()).reduce((sum, text) => sum + Number(/^(\d+) changes? to your lists$/.exec(text)?.[1] ?? 1), 0);
  await expect.poll(counted, { timeout: 10_000 }).toBe(6);
  expect((await heard()).length).toBeLessThan(6);
  expect(await heard()).toContainEqual(expect.stringMatching(/changes to your lists$/));

  await create('Solo');
  await expect
    .poll(async () => (await heard()).at(-1), { timeout: 10_000 })
    .toBe('You added “Solo”, in another tab or device');
});

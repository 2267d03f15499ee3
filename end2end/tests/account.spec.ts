// The account page in the browser: a password change and "log out
// everywhere" end the other devices' sessions at once, and a deleted
// account cannot log in again.
import { expect, test } from './fixtures';
import { hydrated, logIn, register } from './helpers';

async function openAccount(page: import('@playwright/test').Page) {
  await page.getByRole('link', { name: 'Account' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await hydrated(page);
}

test('changing the password keeps this tab and logs the other device out', async ({ browser }) => {
  const laptop = await (await browser.newContext()).newPage();
  const phone = await (await browser.newContext()).newPage();
  const user = await register(laptop);
  await logIn(phone, user);

  await openAccount(laptop);
  await laptop.getByLabel('Current password').fill(user.password);
  await laptop.getByLabel('New password').fill('a different long secret');
  await laptop.getByRole('button', { name: 'Change password' }).click();

  await expect(laptop.getByRole('status')).toContainText('Password changed');
  await phone.reload();
  await expect(phone).toHaveURL(/\/login$/);
  await laptop.goto('/');
  await expect(laptop.locator('.new-todo')).toBeVisible();
});

test('a wrong current password is named and changes nothing', async ({ page }) => {
  await register(page);
  await openAccount(page);
  await page.getByLabel('Current password').fill('not my password');
  await page.getByLabel('New password').fill('a different long secret');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('alert').first()).toHaveText('currentPassword: is incorrect');
});

test('log out everywhere ends this and every other session', async ({ browser }) => {
  const laptop = await (await browser.newContext()).newPage();
  const phone = await (await browser.newContext()).newPage();
  const user = await register(laptop);
  await logIn(phone, user);

  await openAccount(laptop);
  await laptop.getByRole('button', { name: 'Log out everywhere' }).click();

  await expect(laptop).toHaveURL(/\/login$/);
  await phone.reload();
  await expect(phone).toHaveURL(/\/login$/);
});

test('a deleted account is gone and cannot log in', async ({ page }) => {
  const user = await register(page);
  await openAccount(page);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Delete my account' }).click();

  await expect(page).toHaveURL(/\/register$/);
  await page.goto('/login');
  await hydrated(page);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('alert')).toHaveText('invalid email or password');
});

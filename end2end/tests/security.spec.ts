// The page under its Content-Security-Policy: registering, logging in, the
// list, adding a todo and the live connection all work, and the browser
// reports no CSP violation and logs no error on the way.
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { addTodo, hydrated, item, logIn, register, uniqueUser } from './helpers';

/** Records every CSP violation and console error of `page`, across navigations. */
async function watchForViolations(page: Page) {
  const problems: string[] = [];
  await page.exposeFunction('__reportViolation', (text: string) => problems.push(text));
  await page.addInitScript(() => {
    document.addEventListener(
      'securitypolicyviolation',
      (e) => {
        const report = (window as unknown as { __reportViolation: (t: string) => void }).__reportViolation;
        report(`CSP ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
      },
      true,
    );
  });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  return problems;
}

test('the page hydrates and goes live under its CSP without a single violation', async ({ browser, baseURL }) => {
  const first = await (await browser.newContext({ baseURL })).newPage();
  const firstProblems = await watchForViolations(first);
  const user = await register(first, uniqueUser('csp'));

  const second = await (await browser.newContext({ baseURL })).newPage();
  const problems = await watchForViolations(second);
  const page = await second.goto('/login');
  const csp = page?.headers()['content-security-policy'] ?? '';
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9_-]+' 'wasm-unsafe-eval'/);
  await logIn(second, user);
  await hydrated(second);
  for (const p of [first, second]) await expect(p.locator('.connection')).toHaveAttribute('data-state', 'connected');

  await addTodo(second, 'Allowed by the policy');
  await expect(item(second, 'Allowed by the policy')).toBeVisible();
  // The live connection delivered it to the other device, under the same policy.
  await expect(item(first, 'Allowed by the policy')).toBeVisible();

  expect(firstProblems, 'CSP violations or console errors while registering').toEqual([]);
  expect(problems, 'CSP violations or console errors while logging in and adding').toEqual([]);
});

test('static files come compressed with long-lived caching under hashed names', async ({ page }) => {
  const assets: { url: string; encoding?: string; cache?: string }[] = [];
  page.on('response', (r) => {
    if (/\/(pkg|vendor)\//.test(r.url())) {
      const h = r.headers();
      assets.push({ url: r.url(), encoding: h['content-encoding'], cache: h['cache-control'] });
    }
  });
  await page.goto('/login');
  await hydrated(page);

  const kinds = ['.wasm', '.js', '.css', 'socket.io-client-'];
  for (const kind of kinds) expect(assets.some((a) => a.url.includes(kind)), `${kind} loaded`).toBe(true);
  for (const asset of assets) {
    expect(asset.url, 'a content-hashed or versioned name').toMatch(/livetodo\.[A-Za-z0-9_-]{22}\.|socket\.io-client-\d/);
    expect(asset.cache, asset.url).toBe('public, max-age=31536000, immutable');
    expect(['br', 'gzip'], asset.url).toContain(asset.encoding);
  }
});

// LiveTodo's service worker: a reload without a network still shows the
// lists as last seen (docs/decisions.md, "Offline").
//
// - Pages (navigations): the network first; each page that answers is kept
//   by its URL, and without a network the kept copy answers (the same URL,
//   else the same path with another query). The page asks for a fresh copy
//   of itself after changes ("keep"), so the copy is the list as last seen.
//   A page never kept (a list made offline) goes to one that was: the
//   user's lists are there, and the page opens a list made offline itself.
// - Files under /pkg/ and /vendor/: their names change with their content,
//   so a kept copy is always right and answers first.
// - Anything else (server functions, the JSON API, Socket.IO) passes by
//   untouched: writes made offline wait in the page's outbox, not here.
// - Logging in, out or away (the server functions that start or end a
//   session, with or without JavaScript) and a logged-out page (/login,
//   /register) forget every kept page: they hold the previous user's lists.
const PAGES = 'livetodo-pages-v1';
const FILES = 'livetodo-files-v1';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

// Server functions after which the kept pages are someone else's.
const SESSION_CHANGES = [
  '/api/auth/login',
  '/api/auth/register',
  '/api/auth/logout',
  '/api/account/logout-everywhere',
  '/api/account/delete',
];

// Bumped by each forgetting: a copy fetched before it is not kept after it.
let generation = 0;

function forget() {
  generation += 1;
  return caches.delete(PAGES);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === 'POST' && SESSION_CHANGES.includes(url.pathname)) {
    event.waitUntil(forget());
    return;
  }
  if (request.method !== 'GET') return;
  if (request.mode === 'navigate') {
    event.respondWith(page(event, url));
  } else if (isFile(url)) {
    event.respondWith(file(event));
  }
});

self.addEventListener('message', (event) => {
  const message = event.data;
  if (message && message.type === 'keep') event.waitUntil(keep(message));
});

const isFile = (url) => url.pathname.startsWith('/pkg/') || url.pathname.startsWith('/vendor/');
const loggedOut = (url) => url.pathname === '/login' || url.pathname === '/register';
const isPage = (response) =>
  response.ok &&
  response.type === 'basic' &&
  !response.redirected &&
  (response.headers.get('content-type') || '').startsWith('text/html');

async function page(event, url) {
  const since = generation;
  let response;
  try {
    response = await fetch(event.request);
  } catch (offline) {
    const pages = await caches.open(PAGES);
    const kept =
      (await pages.match(url.href, { ignoreVary: true })) ||
      (await pages.match(url.href, { ignoreVary: true, ignoreSearch: true }));
    if (kept) return kept;
    const elsewhere = await keptPage(pages);
    if (elsewhere && elsewhere.pathname !== url.pathname) return Response.redirect(elsewhere.href, 302);
    throw offline;
  }
  event.waitUntil(remember(url, response.clone(), since));
  return response;
}

// The first list's page if kept, else any list's.
async function keptPage(pages) {
  const urls = (await pages.keys()).map((request) => new URL(request.url));
  return urls.find((u) => u.pathname === '/') || urls.find((u) => u.pathname.startsWith('/lists/'));
}

async function remember(url, response, since) {
  if (loggedOut(url)) {
    await forget();
    return;
  }
  if (since !== generation) return;
  const pages = await caches.open(PAGES);
  if (isPage(response)) await pages.put(url.href, response);
  else await pages.delete(url.href);
}

async function file(event) {
  const files = await caches.open(FILES);
  const kept = await files.match(event.request);
  if (kept) return kept;
  const response = await fetch(event.request);
  if (response.ok) event.waitUntil(files.put(event.request, response.clone()));
  return response;
}

// From the page: `page`, its URL, to fetch and keep afresh; `files`, what it
// runs on (a first visit loads them before this worker is in charge). Files
// of an older build go, and with them the pages that needed them.
async function keep({ page, files }) {
  const url = new URL(page, self.location.origin);
  if (url.origin !== self.location.origin) return;
  if (Array.isArray(files)) await keepFiles(files.filter((f) => isFile(new URL(f, url))));
  const since = generation;
  try {
    const response = await fetch(url.href, { credentials: 'same-origin' });
    await remember(url, response, since);
  } catch (offline) {
    // Kept as it was: the next change will ask again.
  }
}

async function keepFiles(wanted) {
  const files = await caches.open(FILES);
  const paths = new Set(wanted.map((f) => new URL(f, self.location.origin).pathname));
  for (const request of await files.keys()) {
    if (!paths.has(new URL(request.url).pathname)) {
      await files.delete(request);
      await forget();
    }
  }
  for (const f of wanted) {
    if (!(await files.match(f))) await files.add(f);
  }
}

// Shared lists (SPEC §6) with the official socket.io-client against the real
// release server: a member gets every event of the list with its meta, a
// stranger none, and sharing and removal act on connected sockets at once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { io } from 'socket.io-client';
import { joinPresence } from '../../docs/examples/presence-client.mjs';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { api as apiAt, register as registerAt, root, startServer } from './server.mjs';

let server;
before(async () => {
  server = await startServer(Number(process.env.NODE_E2E_LISTS_PORT ?? 3231));
});
after(() => server?.stop());

const register = () => registerAt(server.url);
const api = (token, method, route, body) => apiAt(server.url, token, method, route, body);

/** A connected socket recording every event as [name, payload, meta]. */
async function live(token) {
  // forceNew: socket.io-client otherwise caches a Manager per server and
  // multiplexes later sockets (the presence example's) over it, even once
  // these sockets have closed it; a socket that joined a closing Manager
  // sometimes never connected.
  const socket = io(server.url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  const events = [];
  socket.onAny((name, payload, meta) => events.push([name, payload, meta]));
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return { socket, events };
}

/** Resolves once `done(events)` holds (or fails after 5 s). */
async function until(events, what, done) {
  for (let i = 0; i < 500 && !done(events); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(done(events), `${what}: got ${JSON.stringify(events.map((e) => e[0]))}`);
}
const count = (name) => (events) => events.filter((e) => e[0] === name).length;

test('a member gets the list events with their meta; a stranger gets none', async () => {
  const [ann, bob, eve] = [await register(), await register(), await register()];
  const list = await (await api(ann.accessToken, 'POST', '/lists', { name: 'Groceries' })).json();
  assert.equal((await api(ann.accessToken, 'POST', `/lists/${list.id}/members`, { user: bob.user.email })).status, 201);
  const [b, e] = [await live(bob.accessToken), await live(eve.accessToken)];

  const opId = crypto.randomUUID();
  const milk = await (await api(ann.accessToken, 'POST', '/todos', { title: 'Milk', listId: list.id, opId })).json();
  const done = await (await api(bob.accessToken, 'PATCH', `/todos/${milk.id}`, { completed: true })).json();
  await until(b.events, 'created and completed', (ev) => count('todo:created')(ev) === 1 && count('todo:completed')(ev) === 1);

  const [, created, meta] = b.events.find((x) => x[0] === 'todo:created');
  assert.deepEqual(created, milk);
  assert.equal(meta.listId, list.id);
  assert.equal(meta.opId, opId);
  assert.deepEqual(meta.actor, { id: ann.user.id, username: ann.user.username });
  assert.equal(new Date(meta.at).toJSON(), meta.at);
  const [, completed, completedMeta] = b.events.find((x) => x[0] === 'todo:completed');
  assert.deepEqual(completed, done);
  assert.equal(completed.version, 2);
  assert.equal(completedMeta.seq, meta.seq + 1);
  assert.equal(completedMeta.actor.id, bob.user.id);
  assert.equal(completedMeta.opId, null);
  assert.deepEqual(e.events, []);
  b.socket.close();
  e.socket.close();
});

test('shared: list:created at once; removed: list:deleted, then nothing', async () => {
  const [ann, bob] = [await register(), await register()];
  const list = await (await api(ann.accessToken, 'POST', '/lists', { name: 'Trip' })).json();
  const b = await live(bob.accessToken);

  await api(ann.accessToken, 'POST', `/lists/${list.id}/members`, { user: bob.user.username });
  await until(b.events, 'list:created', count('list:created'));
  const [, shared, sharedMeta] = b.events.find((x) => x[0] === 'list:created');
  assert.equal(shared.id, list.id);
  assert.equal(shared.role, 'member');
  assert.equal(sharedMeta.actor.id, ann.user.id);

  await api(ann.accessToken, 'POST', '/todos', { title: 'Tickets', listId: list.id });
  await until(b.events, 'the first todo', count('todo:created'));

  assert.equal((await api(ann.accessToken, 'DELETE', `/lists/${list.id}/members/${bob.user.id}`)).status, 204);
  await until(b.events, 'list:deleted', count('list:deleted'));
  assert.deepEqual(b.events.find((x) => x[0] === 'list:deleted')[1], { id: list.id });
  for (let i = 0; i < 20; i++) await api(ann.accessToken, 'POST', '/todos', { title: `after ${i}`, listId: list.id });
  // A todo of Bob's own list is the marker: once it arrives, anything of
  // Ann's list published before it would have arrived too.
  await api(bob.accessToken, 'POST', '/todos', { title: 'marker' });
  await until(b.events, 'the marker', (ev) => ev.some((x) => x[1]?.title === 'marker'));
  const created = b.events.filter((x) => x[0] === 'todo:created').map((x) => x[1].title);
  assert.deepEqual(created, ['Tickets', 'marker']);
  b.socket.close();
});

test('livetodo-watch --list prints the events of that list, members included, and no other', async () => {
  const binary = process.env.LIVETODO_WATCH_BIN ?? path.join(process.env.CARGO_TARGET_DIR ?? path.join(root, 'target'), 'watch', 'release', 'livetodo-watch');
  const [ann, bob] = [await register(), await register()];
  const list = await (await api(ann.accessToken, 'POST', '/lists', { name: 'Followed' })).json();
  const watcher = spawn(binary, ['--url', server.url, '--token', ann.accessToken, '--list', list.id]);
  const lines = [];
  watcher.stdout.on('data', (chunk) => lines.push(...chunk.toString().split('\n').filter(Boolean).map((l) => JSON.parse(l))));
  try {
    await until(lines, 'joined', (ls) => ls.some((l) => l.event === 'joined'));
    await api(ann.accessToken, 'POST', '/todos', { title: 'elsewhere' });
    await api(ann.accessToken, 'POST', '/todos', { title: 'followed', listId: list.id });
    await api(ann.accessToken, 'POST', `/lists/${list.id}/members`, { user: bob.user.username });
    await until(lines, 'member:added', (ls) => ls.some((l) => l.event === 'member:added'));
    const seen = lines.filter((l) => l.event !== 'joined');
    assert.deepEqual(seen.map((l) => [l.event, l.meta.listId]), [
      ['todo:created', list.id],
      ['member:added', list.id],
    ]);
    assert.equal(seen[0].data.title, 'followed');
    assert.equal(seen[1].data.user.username, bob.user.username);
  } finally {
    watcher.kill('SIGINT');
  }
});

test('livetodo-watch --since resumes a list after a change number, each change once, and in order', async () => {
  const binary = process.env.LIVETODO_WATCH_BIN ?? path.join(process.env.CARGO_TARGET_DIR ?? path.join(root, 'target'), 'watch', 'release', 'livetodo-watch');
  const ann = await register();
  const list = await (await api(ann.accessToken, 'POST', '/lists', { name: 'Resumed' })).json();
  for (const title of ['one', 'two', 'three', 'four']) {
    await api(ann.accessToken, 'POST', '/todos', { title, listId: list.id });
  }
  // Changes 1 and 2 were seen before; 3 and 4 happened while away.
  const watcher = spawn(binary, ['--url', server.url, '--token', ann.accessToken, '--list', list.id, '--since', '2']);
  const lines = [];
  watcher.stdout.on('data', (chunk) => lines.push(...chunk.toString().split('\n').filter(Boolean).map((l) => JSON.parse(l))));
  let stderr = '';
  watcher.stderr.on('data', (chunk) => { stderr += chunk.toString(); });
  try {
    await until(lines, 'the replayed changes', (ls) => ls.filter((l) => l.event === 'todo:created').length >= 2);
    await api(ann.accessToken, 'POST', '/todos', { title: 'five', listId: list.id });
    await until(lines, 'the live change', (ls) => ls.filter((l) => l.event === 'todo:created').length >= 3);
    const created = lines.filter((l) => l.event === 'todo:created');
    assert.deepEqual(created.map((l) => [l.data.title, l.meta.seq]), [['three', 3], ['four', 4], ['five', 5]]);
    assert.match(stderr, /resumed after change 2: 2 replayed, now at 4/);
  } finally {
    watcher.kill('SIGINT');
  }
});

test('the presence example of docs/realtime.md: join, one entry per user, editing, leave', async () => {
  const doc = readFileSync(path.join(root, 'docs/realtime.md'), 'utf8');
  const example = readFileSync(path.join(root, 'docs/examples/presence-client.mjs'), 'utf8');
  assert.ok(doc.includes(example.trim()), 'docs/realtime.md must quote docs/examples/presence-client.mjs verbatim');

  const [ann, bob, eve] = [await register(), await register(), await register()];
  const list = await (await api(ann.accessToken, 'POST', '/lists', { name: 'Together' })).json();
  await api(ann.accessToken, 'POST', `/lists/${list.id}/members`, { user: bob.user.username });
  await assert.rejects(joinPresence(server.url, eve.accessToken, list.id, () => {}), { message: 'Access denied' });

  const seen = [];
  const opened = [];
  try {
    const a = await joinPresence(server.url, ann.accessToken, list.id, (users) => seen.push(users));
    opened.push(a.socket);
    assert.deepEqual(a.users, [{ id: ann.user.id, username: ann.user.username, editing: null }]);
    const phone = await joinPresence(server.url, bob.accessToken, list.id, () => {});
    opened.push(phone.socket);
    const laptop = await joinPresence(server.url, bob.accessToken, list.id, () => {});
    opened.push(laptop.socket);
    const names = (users) => users.map((u) => u.username).sort();
    await until(seen, 'both, Bob once', (s) => s.length > 0 && names(s.at(-1)).join() === names([ann.user, bob.user]).join());

    const todo = await (await api(bob.accessToken, 'POST', '/todos', { title: 'Milk', listId: list.id })).json();
    laptop.editing(todo.id);
    await until(seen, 'Bob editing', (s) => s.at(-1).some((u) => u.id === bob.user.id && u.editing === todo.id));
    laptop.socket.close();
    phone.leave();
    await until(seen, 'Bob gone', (s) => s.at(-1).length === 1 && s.at(-1)[0].id === ann.user.id);
  } finally {
    // A failed assertion must not leave sockets keeping the test alive.
    for (const socket of opened) socket.close();
  }
});

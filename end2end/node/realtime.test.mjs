// Compatibility with the official socket.io-client: runs the client of
// docs/realtime.md (docs/examples/live-client.mjs) against the real release
// server, with each token method, and checks every event of SPEC §3.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { io } from 'socket.io-client';
import { connectLive } from '../../docs/examples/live-client.mjs';
import { api as apiAt, register as registerAt, root, startServer } from './server.mjs';

let server;
before(async () => {
  server = await startServer(Number(process.env.NODE_E2E_PORT ?? 3230));
});
after(() => server?.stop());

const register = () => registerAt(server.url);
const api = (token, method, route, body) => apiAt(server.url, token, method, route, body);

/** Resolves when `events` holds `count` entries (or fails after 5 s). */
async function until(events, count) {
  for (let i = 0; i < 500 && events.length < count; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(events.length, count, `expected ${count} events, got ${JSON.stringify(events)}`);
}

test('the documented example stays in sync with docs/realtime.md', () => {
  const doc = readFileSync(path.join(root, 'docs/realtime.md'), 'utf8');
  const example = readFileSync(path.join(root, 'docs/examples/live-client.mjs'), 'utf8');
  assert.ok(doc.includes(example.trim()), 'docs/realtime.md must quote docs/examples/live-client.mjs verbatim');
});

test('auth object: join answers joined and all four events arrive with their payloads', async () => {
  const { accessToken, user } = await register();
  const events = [];
  const { socket, user: joinedAs } = await connectLive(server.url, accessToken, (name, payload) => events.push([name, payload]));
  assert.deepEqual(joinedAs, user);

  const created = await (await api(accessToken, 'POST', '/todos', { title: 'Buy milk', priority: 'high' })).json();
  const updated = await (await api(accessToken, 'PATCH', `/todos/${created.id}`, { title: 'Buy oat milk' })).json();
  const completed = await (await api(accessToken, 'PATCH', `/todos/${created.id}`, { completed: true })).json();
  assert.equal((await api(accessToken, 'DELETE', `/todos/${created.id}`)).status, 204);

  await until(events, 4);
  assert.deepEqual(events, [
    ['todo:created', created],
    ['todo:updated', updated],
    ['todo:completed', completed],
    ['todo:deleted', { id: created.id }],
  ]);
  assert.equal(new Date(created.createdAt).toJSON(), created.createdAt);
  socket.close();
});

for (const how of ['query', 'header']) {
  test(`${how} token: connects, joins and receives events`, async () => {
    const { accessToken } = await register();
    const events = [];
    const { socket } = await connectLive(server.url, accessToken, (name, payload) => events.push([name, payload]), how);
    const created = await (await api(accessToken, 'POST', '/todos', { title: `via ${how}` })).json();
    await until(events, 1);
    assert.deepEqual(events[0], ['todo:created', created]);
    socket.close();
  });
}

test('a bad token gets connect_error "unauthorized"', async () => {
  await assert.rejects(connectLive(server.url, 'not-a-token', () => {}), { message: 'unauthorized' });
});

test('unknown client events are answered with an error event', async () => {
  const { accessToken } = await register();
  const { socket } = await connectLive(server.url, accessToken, () => {});
  const error = new Promise((resolve) => socket.once('error', resolve));
  socket.emit('bogus', { x: 1 });
  assert.deepEqual(await error, { message: 'unknown event: bogus' });
  socket.close();
});

test('a foreign Origin is refused before the session starts', async () => {
  const { accessToken } = await register();
  const socket = io(server.url, {
    auth: { token: accessToken },
    transports: ['polling'],
    extraHeaders: { Origin: 'https://evil.example' },
    reconnection: false,
  });
  const err = await new Promise((resolve) => socket.once('connect_error', resolve));
  assert.match(String(err.message), /xhr poll error|403/);
  socket.close();
});

test('an unparseable packet closes only that connection; the server and other sockets carry on', async () => {
  const { accessToken } = await register();
  const events = [];
  const { socket: bystander } = await connectLive(server.url, accessToken, (name) => events.push(name));
  for (const garbage of ['42[broken', '4x']) {
    const { socket } = await connectLive(server.url, accessToken, () => {});
    const reason = new Promise((resolve) => socket.once('disconnect', resolve));
    socket.io.engine.write(garbage);
    assert.equal(await reason, 'transport close');
  }
  await api(accessToken, 'POST', '/todos', { title: 'still here' });
  await until(events, 1);
  assert.deepEqual(events, ['todo:created']);
  bystander.close();
});

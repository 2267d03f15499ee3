// Starts the release server on its own port and data directory for Node
// tests and benchmarks, and registers users through the JSON API.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Resolves with `{ url, stop }` once the server answers. */
export async function startServer(port) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'livetodo-node-'));
  const binary = path.join(process.env.CARGO_TARGET_DIR ?? path.join(root, 'target'), 'release', 'livetodo');
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(binary, [], {
    cwd: root,
    env: { ...process.env, LISTEN_ADDR: `127.0.0.1:${port}`, DATA_DIR: dataDir, RUST_LOG: 'warn' },
    stdio: 'inherit',
  });
  const stop = () => {
    child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  };
  // A test file the runner cancels (timeout) is killed before its `after`
  // hooks run: take the server down with it rather than leave it holding
  // the port for the next run.
  process.once('exit', stop);
  process.once('SIGTERM', () => process.exit(1));
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${url}/login`)).ok) return { url, stop };
    } catch {}
    await new Promise((r) => setTimeout(r, 50));
  }
  stop();
  throw new Error(`the server at ${url} did not start`);
}

/** Registers a fresh user; resolves with `{ accessToken, user }`. */
export async function register(url) {
  const name = `node_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
  const res = await fetch(`${url}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: name, email: `${name}@example.com`, password: 'correct horse battery' }),
  });
  if (res.status !== 201) throw new Error(`register answered ${res.status}`);
  return res.json();
}

/** A JSON API call with a bearer token. */
export function api(url, token, method, route, body) {
  return fetch(`${url}/api/v1${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body && JSON.stringify(body),
  });
}

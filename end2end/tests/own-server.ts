// A release server of a spec's own, on its own port and data directory: for
// tests that stop and restart it, or need settings the shared one lacks.
// Specs using one run serially (a restart would disturb parallel tests).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { expect } from '@playwright/test';

export const root = path.resolve(__dirname, '..', '..');
export const releaseDir = path.join(process.env.CARGO_TARGET_DIR ?? path.join(root, 'target'), 'release');

export class OwnServer {
  readonly baseURL: string;
  private readonly port: number;
  private readonly dataDir: string;
  private process: ChildProcess | undefined;

  /** `offset`: added to E2E_PORT (the shared server's), one per spec. */
  constructor(offset: number, private readonly env: Record<string, string> = {}) {
    this.port = Number(process.env.E2E_PORT ?? 3210) + offset;
    this.baseURL = `http://127.0.0.1:${this.port}`;
    this.dataDir = mkdtempSync(path.join(tmpdir(), 'livetodo-own-'));
  }

  async start() {
    this.process = spawn(path.join(releaseDir, 'livetodo'), [], {
      cwd: root,
      env: {
        ...process.env,
        LISTEN_ADDR: `127.0.0.1:${this.port}`,
        DATA_DIR: this.dataDir,
        LEPTOS_SITE_ROOT: path.join(root, 'target', 'site'),
        RUST_LOG: 'warn',
        ...this.env,
      },
      stdio: 'inherit',
    });
    const login = `${this.baseURL}/login`;
    await expect.poll(async () => (await fetch(login).catch(() => null))?.status, { timeout: 15_000 }).toBe(200);
  }

  /** SIGTERM, as an operator stops it; resolves once it has exited. */
  async stop() {
    const running = this.process;
    this.process = undefined;
    if (!running) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    await exited;
  }

  async dispose() {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

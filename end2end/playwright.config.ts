// Playwright runs the real release server (built by `cargo leptos build
// --release`) on its own port and data directory, and drives Debian's
// chromium: this machine cannot download Playwright's own browsers.
import { defineConfig } from '@playwright/test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..');
const port = Number(process.env.E2E_PORT ?? 3210);
const targetDir = process.env.CARGO_TARGET_DIR ?? path.join(root, 'target');
const dataDir =
  process.env.E2E_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'livetodo-e2e-'));

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 5_000 },
  fullyParallel: true,
  workers: 2,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: path.join(targetDir, 'release', 'livetodo'),
    cwd: root,
    url: `http://127.0.0.1:${port}/login`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      LISTEN_ADDR: `127.0.0.1:${port}`,
      DATA_DIR: dataDir,
      LEPTOS_SITE_ROOT: path.join(root, 'target', 'site'),
      RUST_LOG: 'warn',
    },
  },
});

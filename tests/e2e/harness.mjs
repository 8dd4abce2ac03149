// Starts what an end-to-end run needs: a display (Xvfb unless one exists), a fresh database folder,
// and tauri-driver; stops them in the right order (SIGTERM, so WebKitWebDriver exits too).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { Session } from './webdriver.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
export const ARTIFACTS = join(ROOT, 'artifacts', 'e2e');
// scripts/test sets CARGO_TARGET_DIR; by hand, point SPORTELLO_APP at the built binary.
const TARGET = process.env.CARGO_TARGET_DIR ?? join(ROOT, 'target');
export const APP = process.env.SPORTELLO_APP ?? join(TARGET, 'debug', 'sportello-app');

/** `env`: more variables for the app (a value `undefined` removes one, e.g. the database URL).
 * The demo's portal simulator is off unless a test removes SPORTELLO_NO_PORTAL: its 25 generated
 * applications arrive in the background and would change the queue the other tests count on. */
export async function startHarness({ port = 4444, env: extra = {} } = {}) {
  mkdirSync(ARTIFACTS, { recursive: true });
  if (!existsSync(APP)) throw new Error(`build the app first: ${APP} is missing`);
  const children = [];
  let display = process.env.DISPLAY;
  if (!display) {
    display = ':97';
    children.push(spawn('Xvfb', [display, '-screen', '0', '1366x900x24', '-nolisten', 'tcp'], { stdio: 'ignore' }));
    await waitUntil(() => existsSync('/tmp/.X11-unix/X97'), 'Xvfb');
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'sportello-e2e-'));
  const env = {
    ...process.env,
    DISPLAY: display,
    SPORTELLO_DATABASE_URL: join(dataDir, 'sportello.db'),
    SPORTELLO_LOG: 'info',
    SPORTELLO_NO_PORTAL: '1',
    ...extra,
  };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
  const driver = spawn('tauri-driver', ['--port', String(port), '--native-port', String(port + 1)], {
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.push(driver);
  const base = `http://127.0.0.1:${port}`;
  await waitUntil(async () => (await fetch(`${base}/status`).catch(() => null))?.ok, 'tauri-driver');
  return {
    base,
    dataDir,
    /** Launches the app in a new window (a WebDriver session). */
    open: () => Session.start(base, { 'tauri:options': { application: APP } }),
    async stop() {
      for (const child of children.reverse()) {
        child.kill('SIGTERM');
        await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
      }
    },
  };
}

async function waitUntil(probe, what, timeout = 30000) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not start within ${timeout} ms`);
}

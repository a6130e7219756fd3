// What every browser test file needs: a real `trustboard serve` on a fresh
// database (SQLite in a temporary folder, or a new PostgreSQL database), headless
// Chromium, signing in through the form, and axe-core's WCAG 2.2 AA check.

import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export const CHROMIUM = process.env.TRUSTBOARD_CHROMIUM || '/usr/bin/chromium';
export const TRUSTBOARD = process.env.TRUSTBOARD_BIN;
export const PASSWORD = 'a long and unguessable passphrase';

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function waitUntilServing(url, server, log) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) {
      throw new Error(`the server exited with ${server.exitCode}:\n${log.join('')}`);
    }
    try {
      const response = await fetch(`${url}/sign-in`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the server did not answer within 60 seconds:\n${log.join('')}`);
}

/** Runs axe-core in the page and fails with a readable list of any violations. */
export async function assertAccessible(page, what) {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }),
    WCAG_22_AA,
  );
  const described = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`,
  );
  assert.deepEqual(described, [], `${what} has accessibility violations`);
  assert.ok(results.passes.length > 0, `axe checked nothing on ${what}`);
}

export async function signIn(page, baseUrl, username, password = PASSWORD) {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState('domcontentloaded');
}

/** A new, empty PostgreSQL database on the server the Rust suites use. */
function freshPostgres() {
  const admin = process.env.TRUSTBOARD_TEST_POSTGRES;
  assert.ok(admin, 'set TRUSTBOARD_TEST_POSTGRES to a PostgreSQL URL whose user may create databases (scripts/test.sh does)');
  const name = `trustboard_browser_${process.pid}_${Date.now()}`;
  execFileSync('psql', [admin, '-v', 'ON_ERROR_STOP=1', '-q', '-c', `CREATE DATABASE ${name}`], { stdio: 'pipe' });
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const drop = () =>
    execFileSync('psql', [admin, '-q', '-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`], { stdio: 'pipe' });
  return { url: url.toString(), drop };
}

/**
 * Starts trustboard on `backend` ('sqlite' or 'postgres') with a first
 * administrator, and Chromium beside it. Call `stop()` when done.
 */
export async function startTrustboard({ backend = 'sqlite', admin = 'alice' } = {}) {
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium) or set TRUSTBOARD_CHROMIUM`);
  assert.ok(TRUSTBOARD && existsSync(TRUSTBOARD), `set TRUSTBOARD_BIN to the trustboard binary (got ${TRUSTBOARD})`);
  const dataDir = mkdtempSync(join(tmpdir(), 'trustboard-browser-'));
  const database = backend === 'postgres'
    ? freshPostgres()
    : { url: `sqlite://${join(dataDir, 'trustboard.db')}`, drop: () => {} };
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = { ...process.env, TRUSTBOARD_DATA_DIR: dataDir, TRUSTBOARD_DATABASE_URL: database.url };

  /** Runs a trustboard command as an administrator would; the password travels in the environment. */
  const cli = (...args) =>
    execFileSync(TRUSTBOARD, args, { env: { ...env, TRUSTBOARD_PASSWORD: PASSWORD }, stdio: 'pipe' }).toString();
  const addUser = (username, role, ...more) => cli('user', 'add', username, '--role', role, ...more);

  // `init` loads the sample plan and register, whose organisation accounts join by default.
  cli('init');
  addUser(admin, 'admin');
  const log = [];
  const server = spawn(TRUSTBOARD, ['serve', '--bind', `127.0.0.1:${port}`], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout.on('data', (chunk) => log.push(chunk.toString()));
  server.stderr.on('data', (chunk) => log.push(chunk.toString()));
  await waitUntilServing(baseUrl, server, log);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const cspViolations = [];

  async function newPage() {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    return { context, page };
  }

  async function stop() {
    await browser.close();
    server.kill('SIGTERM');
    await new Promise((resolve) => (server.exitCode !== null ? resolve() : server.once('exit', resolve)));
    database.drop();
    rmSync(dataDir, { recursive: true, force: true });
    assert.deepEqual(cspViolations, [], 'the Content-Security-Policy blocked something');
  }

  return { baseUrl, dataDir, cli, addUser, newPage, stop };
}

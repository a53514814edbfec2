// Harness for the browser tests: starts a throwaway Second Chance server,
// drives Debian's Chromium through playwright-core and checks pages with
// axe-core. Every test file under tests/browser/ imports from here.
//
// Environment:
//   SC_BIN        the secondchance binary (default: build/test/secondchance)
//   SC_CHROMIUM   the browser (default: /usr/bin/chromium); never downloaded
//   SC_KEEP_TMP   when set, a server's temporary directory is kept for a look

import { spawn, execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ADMIN_USER = 'admin';
export const ADMIN_PASSWORD = 'correct horse battery';

const AXE_PATH = path.join(REPO_ROOT, 'node_modules', 'axe-core', 'axe.min.js');

// Flags this machine needs: without the background-networking ones Chromium
// keeps trying to reach Google's hosts through a closed network.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Path of the server binary under test. */
export function serverBinary() {
  return path.resolve(process.env.SC_BIN || path.join(REPO_ROOT, 'build', 'test', 'secondchance'));
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function run(file, args, opts) {
  return new Promise((resolve, reject) => {
    execFile(file, args, { ...opts, timeout: 60_000 }, (err, stdout, stderr) => {
      if (err) {
        err.message += `\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`;
        reject(err);
      } else {
        resolve({ stdout, stderr });
      }
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts a server on a fresh SQLite database in a temporary directory, with
 * an administrator ADMIN_USER / ADMIN_PASSWORD.
 *
 * options.config: extra INI text appended to the generated config file.
 * options.env:    extra environment variables for the server.
 *
 * Returns { url, dir, config, log, stop() }; url has no trailing slash;
 * stop() ends the server and removes dir (unless SC_KEEP_TMP is set).
 */
export async function startServer(options = {}) {
  const bin = serverBinary();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sc-browser-'));
  const port = await freePort();
  const config = path.join(dir, 'secondchance.ini');
  const log = path.join(dir, 'server.log');
  const env = { ...process.env, ...(options.env || {}) };

  await writeFile(config, [
    '[database]',
    `url = sqlite:${path.join(dir, 'sc.db')}`,
    '',
    '[http]',
    'address = 127.0.0.1',
    `port = ${port}`,
    'cookie_secure = true',
    '',
    options.config || '',
  ].join('\n'));

  await run(bin, ['init', '--config', config,
    '--admin-user', ADMIN_USER, '--admin-password', ADMIN_PASSWORD], { cwd: dir, env });

  const out = createWriteStream(log);
  const child = spawn(bin, ['serve', '--config', config], {
    cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  let exited = null;
  const exitPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    });
  });

  const url = `http://127.0.0.1:${port}`;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exitPromise;
      clearTimeout(timer);
    }
    await new Promise((r) => out.end(r));
    if (!process.env.SC_KEEP_TMP) await rm(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 20_000;
  for (;;) {
    if (exited) {
      await new Promise((r) => out.end(r));
      const text = await readFile(log, 'utf8').catch(() => '');
      throw new Error(`${bin} serve exited (${JSON.stringify(exited)}) before /healthz answered:\n${text}`);
    }
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${bin} serve: GET ${url}/healthz did not return 200 within 20 s`);
    }
    await sleep(100);
  }
  return { url, dir, config, log, stop };
}

/** Launches headless Debian Chromium; close it with browser.close(). */
export function launchBrowser(options = {}) {
  return chromium.launch({
    executablePath: process.env.SC_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    ...options,
  });
}

/**
 * A new browser context with bypassCSP set, so that checkAxe can add its
 * script tag to pages served with a strict Content-Security-Policy. Pass
 * { bypassCSP: false } to see the page exactly as a user's browser does.
 */
export function newContext(browser, options = {}) {
  return browser.newContext({ bypassCSP: true, ...options });
}

/**
 * Records console errors, uncaught page errors and failed requests of page
 * (CSP violations show up as console errors). Returns the array it fills.
 * A request aborted because the page was left while it loaded (the icon,
 * when a test clicks on before it arrives: net::ERR_ABORTED) is the test's
 * speed, not a fault, and is not recorded; a request the CSP blocks reads
 * net::ERR_BLOCKED_BY_CSP, and one that fails any other way is recorded.
 */
export function collectErrors(page) {
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('requestfailed', (req) => {
    const why = req.failure()?.errorText || '';
    if (why !== 'net::ERR_ABORTED') errors.push(`requestfailed: ${req.url()} ${why}`);
  });
  return errors;
}

/**
 * Signs in through the login form: opens url (the server's base URL, which
 * should lead an anonymous visitor to form#login; /login is tried if not),
 * fills #username and #password and submits. Throws if the form is still
 * there afterwards, with the page's error text.
 */
export async function signIn(page, url, user = ADMIN_USER, pass = ADMIN_PASSWORD) {
  await page.goto(url);
  if ((await page.locator('form#login').count()) === 0) {
    await page.goto(new URL('/login', url).href);
  }
  const form = page.locator('form#login');
  await form.locator('#username').fill(user);
  await form.locator('#password').fill(pass);
  await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    form.locator('button[type=submit]').click(),
  ]);
  if ((await page.locator('form#login').count()) > 0) {
    const text = (await page.locator('body').innerText()).slice(0, 500);
    throw new Error(`sign-in as ${user} failed; page says:\n${text}`);
  }
}

function formatViolations(violations) {
  return violations.map((v) => {
    const nodes = v.nodes.map((n) =>
      `    at ${n.target.join(' ')}\n      ${(n.failureSummary || '').replace(/\n/g, '\n      ')}`);
    return `  [${v.impact}] ${v.id}: ${v.help}\n    ${v.helpUrl}\n${nodes.join('\n')}`;
  }).join('\n');
}

/**
 * Runs axe-core on the current page and throws when it finds a violation of
 * impact 'serious' or 'critical', listing rule, help link and elements.
 * options.axe is passed to axe.run (e.g. { rules: { region: { enabled: false } } }).
 * Returns the full axe results for further assertions.
 */
export async function checkAxe(page, options = {}) {
  const loaded = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!loaded) {
    try {
      await page.addScriptTag({ path: AXE_PATH });
    } catch (err) {
      if (/Content Security Policy/.test(err.message)) {
        err.message = 'checkAxe: the page\'s CSP blocked axe-core; make the context with '
          + 'newContext(browser) (bypassCSP: true)\n' + err.message;
      }
      throw err;
    }
  }
  const results = await page.evaluate(
    (opts) => window.axe.run(document, { resultTypes: ['violations'], ...opts }),
    options.axe || {});
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length > 0) {
    throw new Error(`axe: ${bad.length} serious or critical violation(s) on ${page.url().slice(0, 120)}\n`
      + formatViolations(bad));
  }
  return results;
}

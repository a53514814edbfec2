// journey.mjs — what a user sees while the database is away, in Debian's
// Chromium, on the cluster of scripts/cluster.sh (run by failures.py, the
// cluster suite, after the failure tests):
//
//   node tests/cluster/journey.mjs DIR USER PASSWORD
//
// USER (whose language is English) signs in through HAProxy and opens the
// home page; the primary is stopped; a server answers its own page "503
// Temporarily unavailable" with Retry-After, axe-clean; once HAProxy has
// taken both servers out of rotation it answers its bilingual page itself,
// axe-clean too; the primary is started and the home page is back, the
// user still signed in. Exits 0 when all holds, else prints why and exits 1.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, launchBrowser, newContext, signIn, checkAxe } from '../browser/lib.mjs';

const [dir, user, password] = process.argv.slice(2);
const env = Object.fromEntries(readFileSync(path.join(dir, 'cluster.env'), 'utf8')
  .split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
const balancer = `http://127.0.0.1:${env.HAPROXY_PORT}/`;
const server1 = `http://127.0.0.1:${env.SERVER_PORT_1}/`;
const cluster = (...args) => execFileSync(path.join(REPO_ROOT, 'scripts', 'cluster.sh'), [...args, dir],
  { stdio: ['ignore', 'ignore', 'inherit'], timeout: 120000 });

function check(cond, msg) {
  if (!cond) throw new Error(msg);
}

// Opens url until h1 reads `heading` (20 s at most); returns the answer.
async function until(page, url, heading) {
  const end = Date.now() + 20000;
  for (;;) {
    const res = await page.goto(url);
    const h1 = await page.locator('h1').first().innerText().catch(() => '');
    if (h1 === heading) return res;
    if (Date.now() > end) throw new Error(`${url}: the heading is "${h1}", not "${heading}"`);
    await page.waitForTimeout(100);
  }
}

const browser = await launchBrowser();
let stopped = false;
try {
  const page = await (await newContext(browser)).newPage();
  await signIn(page, balancer, user, password);
  const home = await page.goto(balancer);
  check(home.status() === 200, `home page: ${home.status()}`);
  const name = await page.locator('h1').first().innerText();

  cluster('primary', 'stop');
  stopped = true;
  // a server's own page, in the user's language
  const own = await page.goto(server1);
  check(own.status() === 503 && own.headers()['retry-after'] === '5',
    `a server without its database: ${own.status()} Retry-After ${own.headers()['retry-after']}`);
  check(await page.locator('h1').innerText() === 'Temporarily unavailable',
    `a server's 503 page says "${await page.locator('h1').innerText()}"`);
  await checkAxe(page);
  // the balancer's, once both servers are out of rotation
  const its = await until(page, balancer, 'Midlertidig utilgjengelig');
  check(its.status() === 503 && its.headers()['retry-after'] === '5',
    `the balancer with no server: ${its.status()} Retry-After ${its.headers()['retry-after']}`);
  check(await page.locator('h2[lang=en]').innerText() === 'Temporarily unavailable', 'no English heading');
  await checkAxe(page);

  cluster('primary', 'start');
  stopped = false;
  const back = await until(page, balancer, name);
  check(back.status() === 200, `home page after the restart: ${back.status()}`);
  check(await page.locator('form#login').count() === 0, 'signed out by the outage');
  console.log('journey: ok');
} catch (err) {
  console.log(`journey: ${err.stack || err}`);
  process.exitCode = 1;
} finally {
  if (stopped) cluster('primary', 'start');
  await browser.close();
}

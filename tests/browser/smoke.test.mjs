// Proves the harness itself, without a server: Chromium starts with this
// machine's flags, axe-core is injected (also under a strict CSP like the
// server's) and checkAxe fails on an inaccessible page and passes a good one.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newContext, checkAxe, collectErrors, freePort } from './lib.mjs';

const CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'";

function dataUrl(html) {
  return `data:text/html;charset=utf-8,${encodeURIComponent(html)}`;
}

const GOOD = dataUrl(`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>Sign in - Second Chance</title></head>
<body><main>
<h1>Sign in</h1>
<form id="login" method="post" action="/login">
  <label for="username">User name</label> <input id="username" name="username" autocomplete="username">
  <label for="password">Password</label> <input id="password" name="password" type="password" autocomplete="current-password">
  <button type="submit">Sign in</button>
</form>
</main></body></html>`);

const BAD = dataUrl(`<!doctype html>
<html><head><meta charset="utf-8"><title>Bad</title></head>
<body><main>
<h1>Bad page</h1>
<img src="x.png">
<input id="q">
<p style="color:#bbb;background:#fff">low contrast text</p>
</main></body></html>`);

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test('chromium renders a page', async () => {
  const page = await browser.newPage();
  await page.goto(dataUrl('<!doctype html><title>hi</title><p id="p">hello</p>'));
  assert.equal(await page.textContent('#p'), 'hello');
  await page.close();
});

test('checkAxe passes an accessible page served with a strict CSP', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(GOOD);
  const results = await checkAxe(page);
  assert.ok(Array.isArray(results.violations));
  assert.ok(results.testEngine.version, 'axe reports its version');
  assert.deepEqual(errors, []);
  await context.close();
});

test('checkAxe fails an inaccessible page and names the rules', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(BAD);
  await assert.rejects(checkAxe(page), (err) => {
    assert.match(err.message, /serious or critical violation/);
    assert.match(err.message, /image-alt/);
    assert.match(err.message, /label/);
    assert.match(err.message, /color-contrast/);
    return true;
  });
  await context.close();
});

test('without bypassCSP the strict CSP blocks script tags (why newContext sets it)', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(GOOD);
  await assert.rejects(checkAxe(page));
  await context.close();
});

test('freePort gives a usable port', async () => {
  const port = await freePort();
  assert.ok(Number.isInteger(port) && port > 0 && port < 65536);
});

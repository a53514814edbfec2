// Browser journeys through the platform pages: sign-in, navigation, the
// language switch, form errors beside their fields, creating a user,
// sign-out, access by role, print styles and accessibility (axe) of every
// page. One server for the whole file; the tests run in order and build on
// each other (the contact person created by the admin signs in later).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import {
  REPO_ROOT, ADMIN_USER, ADMIN_PASSWORD,
  startServer, launchBrowser, newContext, signIn, checkAxe, collectErrors,
} from './lib.mjs';

// Norwegian Bokmål texts, as po/nb.po translates them.
const NB = {
  home: 'Hjem',
  centres: 'Sentre',
  users: 'Brukere',
  audit: 'Revisjonslogg',
  account: 'Min konto',
  signIn: 'Logg inn',
  signOut: 'Logg ut',
  newUser: 'Ny bruker',
  accessDenied: 'Ingen tilgang',
  notFound: 'Fant ikke siden',
  userCreated: 'Brukeren er opprettet.',
  signedOut: 'Du er logget ut.',
};

const CONTACT = {
  name: 'Kari Kontakt',
  username: 'kari.kontakt',
  password: 'kari sitt lange passord',
};

const LOGS = path.join(REPO_ROOT, 'build', 'check-logs');

let server;
let browser;

// A cheap Argon2id keeps the many sign-ins fast; the cost is not under test.
before(async () => {
  server = await startServer({ config: '[auth]\nargon2_memory_kib = 1024\nargon2_ops = 1\n' });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// Every context asks for Norwegian, like the users' browsers do; Chromium
// would otherwise send Accept-Language: en-US and get English pages.
const LOCALE = { locale: 'nb-NO' };

/** A context exactly as a user's browser sees the site (CSP enforced). */
function plainContext(options = {}) {
  return browser.newContext({ ...LOCALE, ...options });
}

/** A context where axe-core can be injected (CSP bypassed). */
function axeContext(options = {}) {
  return newContext(browser, { ...LOCALE, ...options });
}

const h1 = (page) => page.locator('main h1').innerText();
const nav = (page) => page.locator('header nav[aria-label]');

/** Clicks a link or button and waits for the page it leads to. */
async function clickAndWait(page, locator) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), locator.click()]);
}

async function htmlLang(page) {
  return page.locator('html').getAttribute('lang');
}

test('admin signs in: home page with name and role, no console or CSP errors', async () => {
  const context = await plainContext();
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(server.url);
  assert.match(page.url(), /\/login(\?|$)/, 'an anonymous visitor is sent to the login page');
  assert.equal(await htmlLang(page), 'nb');
  assert.equal(await h1(page), NB.signIn);

  await signIn(page, server.url);
  assert.equal(new URL(page.url()).pathname, '/');
  assert.match(await h1(page), /Velkommen, /);
  const who = page.locator('header .who');
  await assert.doesNotReject(who.waitFor({ state: 'visible' }));
  assert.match(await who.innerText(), /Administrator/, 'the role is shown');
  assert.equal(await who.locator('strong').innerText(), 'Administrator',
    'the display name (init names the first admin "Administrator")');
  assert.ok(await page.getByRole('button', { name: NB.signOut }).isVisible());

  // The pages an admin visits, with the real CSP: nothing may be blocked.
  for (const p of ['/admin/centres', '/admin/centres/1', '/admin/users', '/admin/users/new', '/audit', '/account',
    '/account/tokens', '/']) {
    const res = await page.goto(server.url + p);
    assert.equal(res.status(), 200, p);
  }
  await page.waitForLoadState('load');
  // The stylesheet, script and icon the pages link to are served.
  const assets = await page.evaluate(() => [...document.querySelectorAll(
    'link[rel=stylesheet][href], link[rel=icon][href], script[src]')].map((el) => el.href || el.src));
  assert.equal(assets.length, 3, `assets: ${assets.join(' ')}`);
  for (const href of assets) {
    const res = await context.request.get(href);
    assert.equal(res.status(), 200, href);
  }
  assert.deepEqual(errors, [], 'console, CSP and request errors');
  await context.close();
});

test('header navigation: right <h1>, aria-current on the active link, axe on each page', async () => {
  const context = await axeContext();
  const page = await context.newPage();
  await page.goto(server.url + '/login');
  await checkAxe(page);
  await signIn(page, server.url);
  await checkAxe(page);

  const stops = [
    { label: NB.centres, path: '/admin/centres', h1: NB.centres },
    { label: NB.users, path: '/admin/users', h1: NB.users },
    { label: NB.audit, path: '/audit', h1: NB.audit },
    { label: NB.account, path: '/account', h1: NB.account },
    { label: NB.home, path: '/', h1: /^Velkommen, / },
  ];
  for (const stop of stops) {
    await clickAndWait(page, nav(page).getByRole('link', { name: stop.label, exact: true }));
    assert.equal(new URL(page.url()).pathname, stop.path);
    const title = await h1(page);
    if (stop.h1 instanceof RegExp) assert.match(title, stop.h1);
    else assert.equal(title, stop.h1);
    const current = nav(page).locator('a[aria-current="page"]');
    assert.equal(await current.count(), 1, `one current link on ${stop.path}`);
    assert.equal(await current.innerText(), stop.label);
    assert.equal(await current.getAttribute('href'), stop.path);
    await checkAxe(page);
  }

  // Pages reached from those: new user, a user's edit page, API tokens, 404.
  await page.goto(server.url + '/admin/users');
  await clickAndWait(page, page.getByRole('link', { name: NB.newUser }));
  assert.equal(await h1(page), NB.newUser);
  assert.equal(await nav(page).locator('a[aria-current="page"]').innerText(), NB.users,
    'Users stays current below /admin/users');
  await checkAxe(page);

  await page.goto(server.url + '/admin/users');
  await clickAndWait(page, page.locator('main table a').first());
  assert.match(new URL(page.url()).pathname, /^\/admin\/users\/\d+$/);
  await checkAxe(page);

  await page.goto(server.url + '/account');
  await clickAndWait(page, page.locator('main a[href="/account/tokens"]'));
  assert.equal(new URL(page.url()).pathname, '/account/tokens');
  await checkAxe(page);

  const res = await page.goto(server.url + '/no/such/page');
  assert.equal(res.status(), 404);
  assert.equal(await h1(page), NB.notFound);
  await checkAxe(page);
  await context.close();
});

test('keyboard: skip link comes first, login works with the keyboard only', async () => {
  const context = await plainContext();
  const page = await context.newPage();
  await page.goto(server.url + '/login');
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => ({
    cls: document.activeElement.className,
    href: document.activeElement.getAttribute('href'),
  }));
  assert.deepEqual(first, { cls: 'skip', href: '#main' }, 'the first Tab stop is the skip link');
  assert.ok(await page.locator('a.skip').isVisible(), 'the skip link shows when focused');

  await page.focus('#username');
  await page.keyboard.type(ADMIN_USER);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'password');
  await page.keyboard.type(ADMIN_PASSWORD);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
  assert.equal(new URL(page.url()).pathname, '/');
  assert.equal(await page.locator('form#login').count(), 0);
  await context.close();
});

test('language: English via the select (JS) and the button (no JS), remembered per user', async () => {
  let context = await plainContext();
  let page = await context.newPage();
  await signIn(page, server.url);
  await page.goto(server.url + '/account');
  assert.equal(await htmlLang(page), 'nb');
  // app.js submits the form when a language is chosen.
  await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    page.locator('form.lang select#lang-select').selectOption('en'),
  ]);
  assert.equal(new URL(page.url()).pathname, '/account', 'back on the same page');
  assert.equal(await htmlLang(page), 'en');
  assert.ok(await page.getByRole('button', { name: 'Sign out' }).isVisible());
  assert.equal(await h1(page), 'My account');

  // Sign out and in again: still English.
  await clickAndWait(page, page.getByRole('button', { name: 'Sign out' }));
  await signIn(page, server.url);
  assert.equal(await htmlLang(page), 'en');
  await context.close();

  // A fresh browser (no language cookie, Norwegian Accept-Language): the
  // choice is stored with the user, so it is still English after sign-in.
  context = await plainContext({ javaScriptEnabled: false });
  page = await context.newPage();
  await page.goto(server.url + '/login');
  assert.equal(await htmlLang(page), 'nb', 'anonymous visitor gets Norwegian');
  await signIn(page, server.url);
  assert.equal(await htmlLang(page), 'en');
  assert.ok(await page.getByRole('button', { name: 'Sign out' }).isVisible());

  // Without JavaScript the button submits the form.
  await page.locator('#lang-select').selectOption('nb');
  assert.equal(await htmlLang(page), 'en', 'nothing happens before the button is pressed');
  await clickAndWait(page, page.locator('form.lang button[type=submit]'));
  assert.equal(await htmlLang(page), 'nb');
  assert.ok(await page.getByRole('button', { name: NB.signOut }).isVisible());
  assert.equal(await page.locator('#lang-select').inputValue(), 'nb');
  await context.close();
});

test('form errors are shown beside their fields; nothing is created', async () => {
  const context = await plainContext();
  const page = await context.newPage();
  await signIn(page, server.url);

  // My account: a new password that is too short.
  await page.goto(server.url + '/account');
  await page.fill('#current_password', ADMIN_PASSWORD);
  await page.fill('#new_password', 'kort');
  await page.fill('#new_password2', 'kort');
  await clickAndWait(page, page.locator('form[action="/account/password"] button[type=submit]'));
  const err = page.locator('#new_password-error');
  assert.ok(await err.isVisible(), '#new_password-error is visible');
  assert.match(await err.innerText(), /12/);
  assert.equal(await page.getAttribute('#new_password', 'aria-invalid'), 'true');
  assert.equal(await page.getAttribute('#new_password', 'aria-describedby'), 'new_password-error');
  assert.equal(await page.evaluate(() => document.getElementById('new_password').nextElementSibling?.id),
    'new_password-error', 'the error follows the input');
  assert.equal(await page.locator('.field-error').count(), 1, 'only that field is in error');
  assert.ok(await page.locator('#error-summary a[href="#new_password"]').isVisible());

  // New user: no display name, short password; the username is kept.
  await page.goto(server.url + '/admin/users/new');
  await page.fill('#username', 'ola.uten.navn');
  await page.fill('#password', 'kort');
  await page.check('input[name=roles][value=contact]');
  await clickAndWait(page, page.locator('form#user-new button[type=submit]'));
  assert.equal(new URL(page.url()).pathname, '/admin/users');
  assert.equal(await page.inputValue('#username'), 'ola.uten.navn');
  assert.ok(await page.isChecked('input[name=roles][value=contact]'), 'the chosen role is kept');
  assert.equal(await page.inputValue('#password'), '', 'the password is not sent back');
  for (const field of ['display_name', 'password']) {
    assert.ok(await page.locator(`#${field}-error`).isVisible(), `#${field}-error`);
    assert.equal(await page.getAttribute(`#${field}`, 'aria-invalid'), 'true');
    assert.equal(await page.evaluate((f) => document.getElementById(f).nextElementSibling?.id, field),
      `${field}-error`);
  }
  assert.equal(await page.locator('#username-error').count(), 0);
  assert.equal(await page.getAttribute('#username', 'aria-invalid'), null);

  await page.goto(server.url + '/admin/users');
  assert.doesNotMatch(await page.locator('main').innerText(), /ola\.uten\.navn/);
  await context.close();
});

test('admin creates a contact person through the form', async () => {
  const context = await plainContext();
  const page = await context.newPage();
  await signIn(page, server.url);
  await page.goto(server.url + '/admin/users/new');
  await page.fill('#display_name', CONTACT.name);
  await page.fill('#username', CONTACT.username);
  await page.fill('#password', CONTACT.password);
  await page.check('input[name=roles][value=contact]');
  await clickAndWait(page, page.locator('form#user-new button[type=submit]'));
  assert.match(new URL(page.url()).pathname, /^\/admin\/users\/\d+$/);
  const flash = page.locator('main .flash[role=status]');
  assert.equal(await flash.innerText(), NB.userCreated);
  assert.equal(await page.inputValue('#display_name'), CONTACT.name);

  // The flash is shown once.
  await page.reload();
  assert.equal(await page.locator('main .flash').count(), 0);

  await clickAndWait(page, nav(page).getByRole('link', { name: NB.users, exact: true }));
  const row = page.locator('main table tbody tr', { hasText: CONTACT.username });
  assert.equal(await row.count(), 1);
  assert.match(await row.innerText(), new RegExp(CONTACT.name));
  await context.close();
});

test('sign out: login page with a message; Back and / show the login page', async () => {
  const context = await plainContext();
  const page = await context.newPage();
  await signIn(page, server.url);
  await page.goto(server.url + '/account');
  await clickAndWait(page, page.getByRole('button', { name: NB.signOut }));
  assert.equal(new URL(page.url()).pathname, '/login');
  assert.equal(await page.locator('main .flash[role=status]').innerText(), NB.signedOut);
  assert.ok(await page.locator('form#login').isVisible());

  await page.goBack({ waitUntil: 'load' });
  assert.ok(await page.locator('form#login').isVisible(), 'Back does not show the account page');
  assert.equal(await page.locator('header .who').count(), 0);
  assert.doesNotMatch(await page.locator('body').innerText(), new RegExp(NB.account));

  await page.goto(server.url + '/');
  assert.equal(new URL(page.url()).pathname, '/login');
  assert.ok(await page.locator('form#login').isVisible());
  await context.close();
});

test('a contact person sees no admin links and gets 403 on /admin/users', async () => {
  const context = await plainContext();
  const page = await context.newPage();
  await signIn(page, server.url, CONTACT.username, CONTACT.password);
  assert.equal(await page.locator('header .who strong').innerText(), CONTACT.name);
  const links = await nav(page).locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  // A contact person's work (their groups, the benefit calculator, their own caseload's figures), no administration.
  assert.deepEqual(links, ['/', '/today', '/participants', '/caseloads', '/groups', '/benefits/calc', '/reports', '/account']);
  assert.equal(await page.locator(`main a[href="/admin/users"], main a[href="/audit"]`).count(), 0);

  const res = await page.goto(server.url + '/admin/users');
  assert.equal(res.status(), 403);
  assert.equal(await h1(page), NB.accessDenied);
  assert.equal(await page.locator('main table').count(), 0);
  const audit = await page.goto(server.url + '/audit');
  assert.equal(audit.status(), 403);
  await context.close();
});

// Role labels are translation msgids (N_() in src/domain/access.c); this
// failed once when extraction dropped them from po/nb.po.
test('role names are in Norwegian on Norwegian pages', async () => {
  const context = await plainContext();
  const page = await context.newPage();
  await signIn(page, server.url, CONTACT.username, CONTACT.password);
  assert.equal(await htmlLang(page), 'nb');
  assert.equal(await page.locator('header .who .roles').innerText(), '(Kontaktperson)');
  await context.close();
});

test('print: the header navigation is hidden on the users page', async () => {
  const context = await plainContext();
  const page = await context.newPage();
  await signIn(page, server.url);
  await page.goto(server.url + '/admin/users');
  assert.ok(await nav(page).isVisible(), 'visible on screen');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await nav(page).isVisible(), false, 'hidden in print');
  assert.equal(await page.locator('form.lang').isVisible(), false);
  assert.ok(await page.locator('main table').isVisible(), 'the content prints');
  await page.emulateMedia({ media: 'screen' });
  await context.close();
});

test('screenshots of the home and login pages for a human look', async () => {
  await mkdir(LOGS, { recursive: true });
  const context = await plainContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(server.url + '/login');
  await page.screenshot({ path: path.join(LOGS, 'browser-login.png'), fullPage: true });
  await signIn(page, server.url);
  await page.screenshot({ path: path.join(LOGS, 'browser-home.png'), fullPage: true });
  await context.close();
});

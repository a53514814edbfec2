// The monthly benefit run in Chromium, as two finance officers do it: the
// first runs a month and sees the warning of a participant without a bank
// account; the second approves it (the first cannot), downloads the payment
// file and opens a participant's statement (printable); sick pay reported
// late for the approved month is corrected by the next month's run, shown
// on the statement as an overpayment with its balance. Each page on the way
// is checked with axe. The tests run in order and build on each other.
//
// The participants are registered and enrolled through the API (the intake
// journey clicks through that in journey.test.mjs); everything about
// benefits is clicked.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import {
  startServer, launchBrowser, newContext, signIn, checkAxe, collectErrors, serverBinary,
} from './lib.mjs';

const LEADER = { username: 'lena.leder', name: 'Lena Leder', password: 'lena sitt lange passord', roles: 'leader' };
const FIN1 = { username: 'finn.finans', name: 'Finn Finans', password: 'finn sitt lange passord', roles: 'finance' };
const FIN2 = { username: 'frida.finans', name: 'Frida Finans', password: 'frida sitt lange passord', roles: 'finance' };

let server;
let browser;
let fin1;
let fin2;
let p1;
let runUrl;
const pad = (n) => String(n).padStart(2, '0');
// the months that ended three and two months ago
const now = new Date();
const d1 = new Date(now.getFullYear(), now.getMonth() - 3, 1);
const d2 = new Date(now.getFullYear(), now.getMonth() - 2, 1);
const M1 = `${d1.getFullYear()}-${pad(d1.getMonth() + 1)}`;
const M2 = `${d2.getFullYear()}-${pad(d2.getMonth() + 1)}`;

function addUser(u) {
  const res = spawnSync(serverBinary(), ['--config', server.config, 'user', 'add', u.username,
    '--name', u.name, '--roles', u.roles, '--password-stdin'],
  { cwd: server.dir, input: `${u.password}\n`, encoding: 'utf8' });
  assert.equal(res.status, 0, `user add ${u.username}: ${res.stderr}`);
}

async function signedIn(user) {
  const context = await newContext(browser, { locale: 'en-GB', acceptDownloads: true });
  const page = await context.newPage();
  await signIn(page, server.url, user.username, user.password);
  return { context, page };
}

async function api(who, path, data) {
  const csrf = await who.page.locator('input[name=csrf]').first().inputValue();
  const res = await who.context.request.post(server.url + path, { data, headers: { 'X-CSRF-Token': csrf } });
  const body = await res.json();
  assert.ok(res.status() === 200 || res.status() === 201, `${path}: ${res.status()} ${JSON.stringify(body)}`);
  return body;
}

async function submit(page, form) {
  await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    form.locator('button[type=submit]').first().click(),
  ]);
}

async function clickAndWait(page, locator) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), locator.click()]);
}

before(async () => {
  server = await startServer({ config: '[auth]\nargon2_memory_kib = 1024\nargon2_ops = 1\n' });
  addUser(LEADER);
  addUser(FIN1);
  addUser(FIN2);
  browser = await launchBrowser();
  const leader = await signedIn(LEADER);
  const enrol = async (family, extra) => {
    const p = await api(leader, '/api/v1/participants', {
      given_name: 'Amina', family_name: family, birth_date: '1990-04-02', gender: 'female', ...extra,
    });
    await api(leader, `/api/v1/participants/${p.id}/enrolment`, { start_date: `${M1}-01` });
    return p.id;
  };
  p1 = await enrol('Hansen', { bank_account: '8601.11.17947', tax_percent: 30 });
  await enrol('Nokonto', {});
  await leader.context.close();
  fin1 = await signedIn(FIN1);
  fin2 = await signedIn(FIN2);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('finance gives the account payments are made from', async () => {
  const { page } = fin1;
  await clickAndWait(page, page.locator('header nav a[href="/benefits"]'));
  await checkAxe(page);
  await clickAndWait(page, page.locator('main a[href="/benefits/settings"]'));
  const form = page.locator('form#settings-form');
  await form.locator('[name=debtor_name]').fill('Andre sjanse Bergen');
  await form.locator('[name=debtor_account]').fill('1234.56.78903');
  await submit(page, form);
  assert.equal(await page.locator('form#settings-form [name=debtor_account]').inputValue(), '12345678903');
  await checkAxe(page);
});

test('the first officer runs a month and sees a warning', async () => {
  const { page } = fin1;
  const errors = collectErrors(page);
  await page.goto(server.url + '/benefits');
  const form = page.locator('form#run-form');
  await form.locator('[name=month]').fill(M1);
  await submit(page, form);
  assert.match(new URL(page.url()).pathname, /^\/benefits\/runs\/\d+$/);
  runUrl = new URL(page.url()).pathname;
  assert.equal((await page.locator('#total-statements').innerText()).trim(), '2');
  assert.equal((await page.locator('#total-warnings').innerText()).trim(), '1');
  const warned = page.locator('#statements-table tbody tr').filter({ hasText: 'Nokonto' });
  assert.match(await warned.innerText(), /Ingen gyldig bankkonto/);
  // the one who ran it is told another officer approves
  assert.ok(await page.locator('#four-eyes').isVisible());
  assert.equal(await page.locator('#run-approve').count(), 0);
  await checkAxe(page);
  assert.deepEqual(errors, []);
});

test('the second officer approves and downloads the payment file', async () => {
  const { page } = fin2;
  await page.goto(server.url + '/benefits');
  await clickAndWait(page, page.locator(`#runs-table a[href="${runUrl}"]`));
  await clickAndWait(page, page.locator('#run-approve'));
  assert.equal(new URL(page.url()).pathname, runUrl);
  assert.equal((await page.locator('#run-state').innerText()).trim(), 'Godkjent');
  assert.match(await page.locator('#left-out').locator('..').innerText(), /Nokonto, Amina/);
  await checkAxe(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#payment-file').click()]);
  const xml = await readFile(await download.path(), 'utf8');
  assert.match(xml, /<NbOfTxs>1<\/NbOfTxs>/);
  assert.match(xml, /<InstdAmt Ccy="NOK">10500\.00<\/InstdAmt>/);
  assert.match(xml, /<IBAN>NO9386011117947<\/IBAN>/);
});

test('the participant\'s statement, on screen and in print', async () => {
  const { page } = fin2;
  await page.goto(server.url + runUrl);
  await clickAndWait(page, page.locator('#statements-table a').filter({ hasText: 'Hansen, Amina' }));
  assert.match(new URL(page.url()).pathname, new RegExp(`^/participants/${p1}/benefits/\\d+$`));
  assert.match(await page.locator('#statement-net').innerText(), /10\u202F500,00/);
  assert.match(await page.locator('#statement-tax-how').innerText(), /30 %/);
  await checkAxe(page);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('header.top').isVisible(), false, 'no menu in print');
  assert.ok(await page.locator('#statement-lines').isVisible(), 'the lines in print');
  await page.emulateMedia({ media: 'screen' });
});

test('sick pay reported late is corrected by the next run', async () => {
  const { page } = fin2;
  await page.goto(`${server.url}/participants/${p1}/benefits`);
  await checkAxe(page);
  const form = page.locator('form#income-form');
  await form.locator('[name=kind]').selectOption('sykepenger');
  await form.locator('[name=month_from]').fill(M1);
  await form.locator('[name=amount_ore]').fill('20000,00');
  await submit(page, form);
  assert.match(await page.locator('#income-table').innerText(), new RegExp(M1));
  await page.goto(server.url + '/benefits');
  const run = page.locator('form#run-form');
  await run.locator('[name=month]').fill(M2);
  await submit(page, run);
  await clickAndWait(page, page.locator('main a[href$="list=corrections"]'));
  await clickAndWait(page, page.locator('#statements-table a').filter({ hasText: 'Hansen, Amina' }));
  const claims = await page.locator('#statement-claims').innerText();
  assert.match(claims, new RegExp(`${M1}`));
  assert.match(claims, /10\u202F500,00/);
  assert.match(await page.locator('#statement-balance').innerText(), /5\u202F250,00/);
  await checkAxe(page);
});

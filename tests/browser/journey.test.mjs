// The case-record journey in Chromium, as a programme leader and a contact
// person do it: register a participant and a referral, screen it, find the
// person on the waiting list with their place, offer a place, enrol and
// assign a contact person, write a plan with two goals, log a meeting (and
// correct it on its own page), see
// the next meeting on Today, and export the caseload. Each page on the way is
// checked with axe. The tests run in order and build on each other.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import {
  startServer, launchBrowser, newContext, signIn, checkAxe, collectErrors, serverBinary,
} from './lib.mjs';

const LEADER = { username: 'lena.leder', name: 'Lena Leder', password: 'lena sitt lange passord', roles: 'leader' };
const CONTACT = { username: 'kari.kontakt', name: 'Kari Kontakt', password: 'kari sitt lange passord', roles: 'contact' };
const PERSON = { given: 'Hodan', family: 'Warsame', birth: '1989-04-12' };

let server;
let browser;
let leader;      // { context, page } signed in as the leader
let participantUrl;
let referralUrl;

function isoDay(offsetDays) {
  const d = new Date();
  d.setDate(d.getDate() + offsetDays);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function addUser(u) {
  const res = spawnSync(serverBinary(), ['--config', server.config, 'user', 'add', u.username,
    '--name', u.name, '--roles', u.roles, '--password-stdin'],
  { cwd: server.dir, input: `${u.password}\n`, encoding: 'utf8' });
  assert.equal(res.status, 0, `user add ${u.username}: ${res.stderr}`);
}

before(async () => {
  server = await startServer({ config: '[auth]\nargon2_memory_kib = 1024\nargon2_ops = 1\n' });
  addUser(LEADER);
  addUser(CONTACT);
  browser = await launchBrowser();
  const context = await newContext(browser, { locale: 'nb-NO', acceptDownloads: true });
  const page = await context.newPage();
  await signIn(page, server.url, LEADER.username, LEADER.password);
  leader = { context, page };
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function submit(page, form) {
  await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    form.locator('button[type=submit]').first().click(),
  ]);
}

async function clickAndWait(page, locator) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), locator.click()]);
}

test('the leader registers a participant from the register page', async () => {
  const { page } = leader;
  const errors = collectErrors(page);
  await clickAndWait(page, page.locator('header nav a[href="/participants"]'));
  await checkAxe(page);
  await clickAndWait(page, page.locator('main a[href="/participants/new"]'));
  const form = page.locator('form#participant-form');
  // A first try with a bad birth date: the error stands beside the field.
  await form.locator('[name=given_name]').fill(PERSON.given);
  await form.locator('[name=family_name]').fill(PERSON.family);
  await form.locator('[name=birth_date]').fill('2090-01-01');
  await form.locator('[name=gender]').selectOption('female');
  await submit(page, form);
  assert.ok(await page.locator('#birth_date-error').isVisible(), 'error beside the birth date');
  assert.equal(await page.locator('form#participant-form [name=given_name]').inputValue(), PERSON.given,
    'the input is kept');
  await checkAxe(page);

  const again = page.locator('form#participant-form');
  await again.locator('[name=birth_date]').fill(PERSON.birth);
  await again.locator('[name=country_of_birth]').fill('Somalia');
  await again.locator('[name=languages]').fill('Somali, Arabic');
  await again.locator('[name=interpreter]').fill('Somali');
  await again.locator('[name=intro_ended]').fill('2021-06-30');
  await again.locator('[name=residence_basis]').selectOption('refugee');
  await again.locator('[name=children]').fill('2014-02-03\n2017-09-21');
  await again.locator('[name=phone]').fill('412 34 567');
  await submit(page, again);
  assert.match(new URL(page.url()).pathname, /^\/participants\/\d+$/);
  participantUrl = new URL(page.url()).pathname;
  assert.match(await page.locator('main h1').innerText(), new RegExp(`${PERSON.family}, ${PERSON.given}`));
  // The phone as the register keeps it: in E.164, whatever was typed.
  assert.match(await page.locator('main').innerText(), /\+4741234567/);
  await checkAxe(page);
  // The refused form answered 422 on purpose; anything else is a fault.
  assert.deepEqual(errors.filter((e) => !/status of 422/.test(e)), []);
});

test('a referral is registered and screened; every rule passes', async () => {
  const { page } = leader;
  await page.goto(server.url + participantUrl + '/intake');
  await checkAxe(page);
  const form = page.locator('form#referral-form');
  await form.locator('[name=source]').selectOption('nav');
  await form.locator('[name=referrer]').fill('NAV Bergenhus');
  await form.locator('[name=reason]').fill('Did not finish the introduction programme; wants work in catering.');
  await form.locator('[name=planned_start]').fill(isoDay(14));
  await submit(page, form);
  assert.match(new URL(page.url()).pathname, /^\/referrals\/\d+$/);
  referralUrl = new URL(page.url()).pathname;
  await checkAxe(page);

  const screen = page.locator('form#screen-form');
  await submit(page, screen);
  assert.equal(new URL(page.url()).pathname, referralUrl);
  // The screening table: four rules, none failed.
  const table = page.locator('main table').filter({ has: page.locator('td') }).first();
  assert.ok(await table.isVisible());
  const text = await page.locator('main').innerText();
  assert.doesNotMatch(text, /\bFail\b|Ikke oppfylt|Ikke bestått/);
  assert.ok(await page.locator('form#offer-form').isVisible(), 'an eligible referral can be offered a place');
});

test('the person is on the waiting list with their place', async () => {
  const { page } = leader;
  await clickAndWait(page, page.locator('header nav a[href="/waiting-list"]'));
  await checkAxe(page);
  const row = page.locator('main table tbody tr').filter({ hasText: PERSON.family });
  assert.equal(await row.count(), 1, 'one row for the person');
  const first = (await row.locator('td').first().innerText()).trim();
  assert.equal(first, '1', 'the only person waiting has place 1');
});

test('offer, then accept: enrolled with a contact person', async () => {
  const { page } = leader;
  await page.goto(server.url + referralUrl);
  await submit(page, page.locator('form#offer-form'));
  const accept = page.locator('form#accept-form');
  assert.ok(await accept.isVisible(), 'an offered place can be accepted');
  await checkAxe(page);
  const option = accept.locator('[name=contact_id] option').filter({ hasText: CONTACT.name });
  const value = await option.getAttribute('value');
  assert.match(await option.innerText(), /0.*18/, 'the choice shows the caseload against the cap');
  await accept.locator('[name=contact_id]').selectOption(value);
  await submit(page, accept);
  assert.equal(new URL(page.url()).pathname, participantUrl + '/enrolment');
  await checkAxe(page);
  await page.goto(server.url + participantUrl + '/contact');
  assert.match(await page.locator('main').innerText(), new RegExp(CONTACT.name));
  await checkAxe(page);
});

test('a work plan with two goals', async () => {
  const { page } = leader;
  await page.goto(server.url + participantUrl + '/plan');
  await checkAxe(page);
  const plan = page.locator('form#plan-form');
  await plan.locator('[name=wishes]').fill('Work in a canteen kitchen; learn to read recipes in Norwegian.');
  await plan.locator('[name=resources]').fill('Cooks for a large family; organised; reliable.');
  await plan.locator('[name=agreed_on]').fill(isoDay(0));
  await submit(page, plan);

  const goals = [
    { category: 'work', title: 'Internship in a school canteen', target: isoDay(120), step: 'Visit two canteens', due: isoDay(30) },
    { category: 'language', title: 'Reach A2 in speaking', target: isoDay(180), step: 'Join the conversation group', due: isoDay(7) },
  ];
  for (const g of goals) {
    await page.goto(server.url + participantUrl + '/plan');
    const form = page.locator('form#goal-form');
    await form.locator('[name=category]').selectOption(g.category);
    await form.locator('[name=title]').fill(g.title);
    await form.locator('[name=target_date]').fill(g.target);
    await form.locator('[name=step_1]').fill(g.step);
    await form.locator('[name=step_1_due]').fill(g.due);
    await submit(page, form);
  }
  await page.goto(server.url + participantUrl + '/plan');
  const text = await page.locator('main').innerText();
  for (const g of goals) assert.match(text, new RegExp(g.title));
  await checkAxe(page);
  // The printable plan has both goals and room for signatures.
  await page.goto(server.url + participantUrl + '/plan/print');
  const printed = await page.locator('main').innerText();
  for (const g of goals) assert.match(printed, new RegExp(g.title));
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('header.top').isVisible(), false, 'no navigation on paper');
  await page.emulateMedia({ media: 'screen' });
});

let contact;

test('the contact person logs a meeting and sees the next one on Today', async () => {
  const context = await newContext(browser, { locale: 'nb-NO', acceptDownloads: true });
  const page = await context.newPage();
  contact = { context, page };
  await signIn(page, server.url, CONTACT.username, CONTACT.password);
  await page.goto(server.url + participantUrl + '/meetings');
  assert.match(await page.locator('main h1').innerText(), new RegExp(PERSON.family));
  await checkAxe(page);
  const form = page.locator('form#meeting-form');
  await form.locator('[name=held_on]').fill(isoDay(-3));
  await form.locator('[name=channel]').selectOption('in_person');
  await form.locator('[name=interpreter]').check();
  await form.locator('[name=minutes]').fill('Talked about the internship and the children\'s school start.');
  await form.locator('[name=next_steps]').fill('Call the canteen manager.');
  await form.locator('[name=next_meeting]').fill(isoDay(0));
  await submit(page, form);
  assert.match(await page.locator('main').innerText(), /Call the canteen manager/);

  // a slip corrected on the meeting's own page: its form, then its history
  await clickAndWait(page, page.locator('#meeting-list a[href*="/meetings/"]').first());
  await checkAxe(page);
  const edit = page.locator('form#meeting-edit-form');
  await edit.locator('[name=next_steps]').fill('Call the school canteen manager.');
  await submit(page, edit);
  await checkAxe(page);
  assert.match(await page.locator('#meeting-history').innerText(), /Call the school canteen manager/);

  await clickAndWait(page, page.locator('header nav a[href="/today"]'));
  await checkAxe(page);
  const today = page.locator('section[aria-labelledby="meetings-today"]');
  assert.match(await today.innerText(), new RegExp(PERSON.family), 'the meeting is on Today');
});

test('the contact person exports the caseload as CSV', async () => {
  const { page } = contact;
  await clickAndWait(page, page.locator('header nav a[href="/caseloads"]'));
  assert.match(new URL(page.url()).pathname, /^\/caseloads\/\d+$/, 'a contact person lands on their own caseload');
  await checkAxe(page);
  const link = page.locator('main a[href*="/export?format=csv"]').first();
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  assert.match(download.suggestedFilename(), /\.csv$/);
  const text = await readFile(await download.path(), 'utf8');
  assert.match(text, new RegExp(PERSON.family), 'the participant is in the file');
});

test('another contact person is refused the participant, as if there were none', async () => {
  const other = { username: 'ola.kontakt', name: 'Ola Kontakt', password: 'ola sitt lange passord', roles: 'contact' };
  addUser(other);
  const context = await newContext(browser, { locale: 'nb-NO' });
  const page = await context.newPage();
  await signIn(page, server.url, other.username, other.password);
  const res = await page.goto(server.url + participantUrl);
  assert.equal(res.status(), 404);
  assert.equal(await page.locator('main').getByText(PERSON.family).count(), 0);
  const api = await context.request.get(server.url + '/api/v1' + participantUrl);
  assert.equal(api.status(), 404);
  await context.close();
});

// Activities in Chromium, as the people who use them: a leader creates a
// Norwegian group with a weekly timetable, a contact person enrols two
// participants from their pages, the teacher opens today's register from
// the registers page and marks it in one form (one unexcused absence, one
// sick day, "the rest present" in one action), and the contact person
// sees it on the participant's page and in the month's summary. Each page
// on the way is checked with axe. The tests run in order and build on each
// other.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  startServer, launchBrowser, newContext, signIn, checkAxe, serverBinary,
} from './lib.mjs';

const LEADER = { username: 'lena.leder', name: 'Lena Leder', password: 'lena sitt lange passord', roles: 'leader' };
const CONTACT = { username: 'kari.kontakt', name: 'Kari Kontakt', password: 'kari sitt lange passord', roles: 'contact' };
const TEACHER = { username: 'tina.laerer', name: 'Tina Lærer', password: 'tina sitt lange passord', roles: 'teacher' };
const FINANCE = { username: 'finn.finans', name: 'Finn Finans', password: 'finn sitt lange passord', roles: 'finance' };
const GROUP = 'Norsk A1 morgen';

let server;
let browser;
const people = [];   // { family, url }
let leader;
let contact;

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

async function session(u) {
  const context = await newContext(browser, { locale: 'en-GB' });
  const page = await context.newPage();
  await signIn(page, server.url, u.username, u.password);
  return { context, page };
}

async function submit(page, locator) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), locator.click()]);
}

before(async () => {
  server = await startServer({ config: '[auth]\nargon2_memory_kib = 1024\nargon2_ops = 1\n' });
  addUser(LEADER);
  addUser(CONTACT);
  addUser(TEACHER);
  addUser(FINANCE);
  browser = await launchBrowser();
  leader = await session(LEADER);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('a leader creates a Norwegian group with a weekly timetable', async () => {
  const { page } = leader;
  await submit(page, page.locator('header nav a[href="/groups"]'));
  await checkAxe(page);
  const form = page.locator('form#group-form');
  const norwegian = form.locator('[name=activity_type_id] option').filter({ hasText: /Norwegian|Norsk/ }).first();
  await form.locator('[name=activity_type_id]').selectOption(await norwegian.getAttribute('value'));
  await form.locator('[name=name]').fill(GROUP);
  await form.locator('[name=room]').fill('Room 2');
  await form.locator('[name=capacity]').fill('12');
  await form.locator('[name=starts_on]').fill(isoDay(-14));
  await form.locator('[name=ends_on]').fill(isoDay(60));
  await form.locator('[name=language]').fill('Norwegian');
  await form.locator('[name=level]').selectOption('A1');
  await form.getByLabel(TEACHER.name).check();
  // every day of the week, so that today has a session
  const days = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
  for (let i = 0; i < days.length; i++) {
    await form.locator(`[name=slot${i + 1}_weekday]`).selectOption(days[i]);
    await form.locator(`[name=slot${i + 1}_start]`).fill('09:00');
    await form.locator(`[name=slot${i + 1}_end]`).fill('11:30');
  }
  await submit(page, form.locator('button[type=submit]'));
  assert.match(new URL(page.url()).pathname, /^\/groups\/\d+$/);
  assert.match(await page.locator('main h1').innerText(), new RegExp(GROUP));
  assert.ok(await page.locator('table.sessions tbody tr').count() > 0, 'sessions were generated');
  await checkAxe(page);
});

test('participants are registered and given to the contact person', async () => {
  const { page } = leader;
  for (const family of ['Warsame', 'Haile']) {
    await page.goto(server.url + '/participants/new');
    const form = page.locator('form#participant-form');
    await form.locator('[name=given_name]').fill('Amina');
    await form.locator('[name=family_name]').fill(family);
    await form.locator('[name=birth_date]').fill('1990-03-04');
    await form.locator('[name=gender]').selectOption('female');
    await submit(page, form.locator('button[type=submit]').first());
    const url = new URL(page.url()).pathname;
    assert.match(url, /^\/participants\/\d+$/);
    await page.goto(server.url + url + '/contact');
    const assign = page.locator(`main form[action="${url}/contact"]`);
    const option = assign.locator('[name=contact_id] option').filter({ hasText: CONTACT.name });
    await assign.locator('[name=contact_id]').selectOption(await option.getAttribute('value'));
    await assign.locator('[name=reason]').fill('New participant');
    await submit(page, assign.locator('button[type=submit]'));
    people.push({ family, url });
  }
});

test('the contact person enrols them from their pages', async () => {
  contact = await session(CONTACT);
  const { page } = contact;
  for (const p of people) {
    await page.goto(server.url + p.url);
    await checkAxe(page);
    const form = page.locator('form#group-enrol-form');
    const option = form.locator('[name=group_id] option').filter({ hasText: GROUP });
    await form.locator('[name=group_id]').selectOption(await option.getAttribute('value'));
    await form.locator('[name=starts_on]').fill(isoDay(-14));
    await submit(page, form.locator('button[type=submit]'));
    assert.equal(new URL(page.url()).pathname, p.url);
    assert.match(await page.locator('#participant-groups').innerText(), new RegExp(GROUP));
  }
});

test('the teacher marks today\'s register in one form', async () => {
  const { page } = await session(TEACHER);
  await submit(page, page.locator('header nav a[href="/registers"]'));
  await checkAxe(page);
  await submit(page, page.locator('section, main').locator('#today ~ table a').first());
  assert.match(new URL(page.url()).pathname, /^\/sessions\/\d+\/register$/);
  await checkAxe(page);
  const rows = page.locator('#register tbody tr');
  assert.equal(await rows.count(), 2);
  const warsame = rows.filter({ hasText: 'Warsame' });
  const haile = rows.filter({ hasText: 'Haile' });
  // keyboard first: the selects take typed choices
  await warsame.locator('select[name^=mark]').selectOption('absent');
  await warsame.locator('select[name^=absence]').selectOption('unexcused');
  await haile.locator('select[name^=mark]').selectOption('absent');
  await haile.locator('select[name^=absence]').selectOption('sick_self');
  await submit(page, page.locator('#all-present'));
  assert.equal(new URL(page.url()).pathname, '/registers');
  assert.match(await page.locator('.flash').innerText(), /Fremmøtelisten er lagret/);
});

test('the contact person sees it on the participant\'s page and in the summary', async () => {
  const { page } = contact;
  const warsame = people[0];
  await page.goto(server.url + warsame.url);
  const summary = page.locator('#attendance-summary');
  const unexcused = summary.locator('#summary-unexcused');
  assert.match(await unexcused.innerText(), /150\s+1/);
  await page.goto(server.url + people[1].url + '/attendance');
  await checkAxe(page);
  const sick = page.locator('#attendance-summary #summary-sick_self');
  assert.match(await sick.innerText(), /150\s+1/);
  await page.goto(server.url + warsame.url + '/timetable');
  await checkAxe(page);
  assert.match(await page.locator('main').innerText(), new RegExp(GROUP));
});

test('the contact person registers a doctor\'s note from the attendance page', async () => {
  const { page } = contact;
  const haile = people[1];
  await page.goto(server.url + haile.url + '/attendance');
  const form = page.locator('form#doctor-note-form');
  await form.locator('[name=from_on]').fill(isoDay(0));
  await form.locator('[name=to_on]').fill(isoDay(0));
  await submit(page, form.locator('button[type=submit]'));
  assert.equal(new URL(page.url()).pathname, haile.url + '/attendance');
  assert.match(await page.locator('#attendance-summary #summary-sick_doctor').innerText(), /150\s+1/);
  assert.match(await page.locator('#attendance-summary #summary-sick_self').innerText(), /0\s+0/);
  await checkAxe(page);
});

test('the contact person ends an enrolment, and the leader edits the group', async () => {
  const { page } = contact;
  await page.goto(server.url + people[0].url);
  await submit(page, page.locator('#participant-groups a').filter({ hasText: GROUP }));
  const groupUrl = new URL(page.url()).pathname;
  await submit(page, page.locator('#enrolments tr').filter({ hasText: 'Warsame' }).locator('a[href*="/enrolments/"]'));
  await checkAxe(page);
  const form = page.locator('form#enrolment-end-form');
  await form.locator('[name=ends_on]').fill(isoDay(0));
  await form.locator('[name=reason]').fill('Started a course elsewhere');
  await submit(page, form.locator('button[type=submit]'));
  assert.equal(new URL(page.url()).pathname, groupUrl);
  assert.match(await page.locator('#enrolments').innerText(), /Started a course elsewhere/);

  const lp = leader.page;
  await lp.goto(server.url + groupUrl);
  await submit(lp, lp.locator('main a[href$="/edit"]'));
  await checkAxe(lp);
  const edit = lp.locator('form#group-edit-form');
  await edit.locator('[name=capacity]').fill('10');
  await edit.locator('[name=room]').fill('Room 3');
  await submit(lp, edit.locator('button[type=submit]'));
  assert.equal(new URL(lp.url()).pathname, groupUrl);
  assert.match(await lp.locator('dl.record').innerText(), /Room 3/);
  assert.match(await lp.locator('dl.record').innerText(), /\/ 10/);
});

test('the leader adds an activity of the centre\'s own; the finance officer a self-certification rule', async () => {
  const lp = leader.page;
  await lp.goto(server.url + '/groups');
  await submit(lp, lp.locator('main a[href="/activity-types"]'));
  await checkAxe(lp);
  const form = lp.locator('form#activity-type-form');
  await form.locator('[name=name]').fill('Sykkelkurs');
  await form.locator('[name=kind]').selectOption('thematic');
  await form.locator('[name=description]').fill('Learning to cycle in traffic');
  await submit(lp, form.locator('button[type=submit]'));
  assert.match(await lp.locator('#activity-types').innerText(), /Sykkelkurs/);

  const { page } = await session(FINANCE);
  await page.goto(server.url + '/');
  await submit(page, page.locator('main a[href="/self-certification"]'));
  await checkAxe(page);
  const rule = page.locator('form#self-cert-form');
  await rule.locator('[name=valid_from]').fill(isoDay(1));
  await rule.locator('[name=max_days]').fill('2');
  await rule.locator('[name=max_periods]').fill('4');
  await submit(page, rule.locator('button[type=submit]'));
  assert.equal(await page.locator('#self-cert-rules tbody tr').count(), 2);
});

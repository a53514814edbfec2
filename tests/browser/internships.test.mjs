// The employer liaison's journey in Chromium (issue 10): register an
// employer (a wrong organisation number first: the error beside the
// field), add the workplace supervisor, propose a placement for a
// participant in the programme, fill in the terms, record the approvals in
// order (the centre's refused before the others', then last): active from
// today, with its printable agreement; log a follow-up visit, make the
// supervisor's link, which the supervisor opens without signing in to
// send the evaluation; record the result "hired" with the job; on the job's
// page a raise as a new income version (a mid-month date refused first) and
// the job's end; the supervisor's role edited, their delete refused naming
// the running placement; the leader registers the participant's exit as
// employed. axe checks every page.
// The participant is set up through the API as the leader; the others
// click through the pages.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  startServer, launchBrowser, newContext, signIn, checkAxe, collectErrors, serverBinary,
} from './lib.mjs';

const LEADER = { username: 'lena.leder', name: 'Lena Leder', password: 'lena sitt lange passord', roles: 'leader' };
const LIAISON = { username: 'liv.los', name: 'Liv Los', password: 'liv sitt lange passord', roles: 'liaison' };

let server;
let browser;
let liaison;
let leader;
let participantId;
let placementUrl;

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

async function clickAndWait(page, locator) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), locator.click()]);
}

async function submit(page, form) {
  await clickAndWait(page, form.locator('button[type=submit]').first());
}

// The leader registers a participant and starts their programme period.
async function participantInProgramme() {
  const context = await newContext(browser, { locale: 'en-GB' });
  const page = await context.newPage();
  await signIn(page, server.url, LEADER.username, LEADER.password);
  const csrf = await page.locator('input[name=csrf]').first().inputValue();
  const headers = { 'X-CSRF-Token': csrf };
  let res = await page.request.post(`${server.url}/api/v1/participants`, {
    headers, data: { given_name: 'Hodan', family_name: 'Warsame', birth_date: '1989-04-12', gender: 'female' },
  });
  assert.equal(res.status(), 201, await res.text());
  const id = (await res.json()).id;
  res = await page.request.post(`${server.url}/api/v1/participants/${id}/enrolment`, {
    headers, data: { start_date: isoDay(0) },
  });
  assert.equal(res.status(), 201, await res.text());
  leader = { context, page };
  return id;
}

before(async () => {
  server = await startServer({ config: '[auth]\nargon2_memory_kib = 1024\nargon2_ops = 1\n' });
  addUser(LEADER);
  addUser(LIAISON);
  browser = await launchBrowser();
  participantId = await participantInProgramme();
  const context = await newContext(browser, { locale: 'en-GB' });
  const page = await context.newPage();
  await signIn(page, server.url, LIAISON.username, LIAISON.password);
  // The liaison reads the product in English.
  await page.locator('form.lang select').selectOption('en');
  const langButton = page.locator('form.lang button');
  if (await langButton.count() > 0) await clickAndWait(page, langButton);
  else await page.waitForLoadState('load');
  liaison = { context, page };
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the liaison registers an employer and its supervisor', async () => {
  const { page } = liaison;
  const errors = collectErrors(page);
  await clickAndWait(page, page.locator('header nav a[href="/employers"]'));
  await checkAxe(page);
  const form = page.locator('form#employer-form');
  await form.locator('[name=name]').fill('Fjordkafeen Servering AS');
  await form.locator('[name=orgnr]').fill('876543215');
  await form.locator('[name=industry]').selectOption('56');
  await form.locator('[name=city]').fill('Bergen');
  await submit(page, form);
  assert.equal(await page.locator('#orgnr-error').innerText(),
    'This is not an organisation number: the check digit does not match.');
  assert.equal(await page.locator('form#employer-form [name=name]').inputValue(), 'Fjordkafeen Servering AS');
  await checkAxe(page);
  const again = page.locator('form#employer-form');
  await again.locator('[name=orgnr]').fill('876543214');
  await submit(page, again);
  assert.match(new URL(page.url()).pathname, /^\/employers\/\d+$/);
  assert.equal(await page.locator('main h1').innerText(), 'Fjordkafeen Servering AS');
  await checkAxe(page);
  const contact = page.locator('form#contact-form');
  await contact.locator('[name=name]').fill('Vera Veileder');
  await contact.locator('[name=role]').fill('Kjøkkensjef');
  await contact.locator('[name=phone]').fill('912 34 567');
  await submit(page, contact);
  assert.equal(await page.locator('#contact-list tbody tr').count(), 1);
  assert.match(await page.locator('#contact-list').innerText(), /\+4791234567/);
  // The register finds it by a word of its name.
  await page.goto(`${server.url}/employers?q=fjordkafeen`);
  assert.equal(await page.locator('#employers tbody tr').count(), 1);
  await checkAxe(page);
  assert.deepEqual(errors.filter((e) => !/status of 422/.test(e)), []);
});

test('the liaison proposes a placement and fills in its terms', async () => {
  const { page } = liaison;
  await clickAndWait(page, page.locator('#employers a').first());
  const propose = page.locator('form#propose-form');
  await propose.locator('[name=participant_id]').fill(String(participantId));
  await submit(page, propose);
  assert.match(new URL(page.url()).pathname, /^\/placements\/\d+$/);
  placementUrl = new URL(page.url()).pathname;
  assert.equal(await page.locator('#placement-status').innerText(), 'Proposed');
  await checkAxe(page);
  const terms = page.locator('form#terms-form');
  await terms.locator('[name=supervisor_id]').selectOption({ label: 'Vera Veileder' });
  await terms.locator('[name=follow_up_id]').selectOption({ label: LIAISON.name });
  await terms.locator('[name=starts_on]').fill(isoDay(0));
  await terms.locator('[name=ends_on]').fill(isoDay(63));
  await terms.locator('[name=hours_per_week]').fill('24');
  await terms.locator('[name=days_per_week]').fill('4');
  await terms.locator('[name=schedule]').fill('mon-thu 09:00-15:00');
  await terms.locator('[name=tasks]').fill('Food preparation and dishwashing');
  await submit(page, terms);
  assert.equal(new URL(page.url()).pathname, placementUrl);
  assert.equal(await page.locator('#placement-status').innerText(), 'Awaiting approval');
  await checkAxe(page);
});

test('approvals in order: the centre last; then active and printable', async () => {
  const { page } = liaison;
  let form = page.locator('form#approval-form');
  await form.locator('input[name=party][value=centre]').check();
  await submit(page, form);
  assert.match(await page.locator('main .notice').first().innerText(),
    /The centre approves last, after the employer and the participant\./);
  assert.equal(await page.locator('#placement-status').innerText(), 'Awaiting approval');
  await checkAxe(page);

  form = page.locator('form#approval-form');
  await form.locator('input[name=party][value=employer]').check();
  await form.locator('[name=approver]').fill('Vera Veileder');
  await submit(page, form);
  // Locked now: no terms form while an approval stands.
  assert.equal(await page.locator('form#terms-form').count(), 0);

  form = page.locator('form#approval-form');
  await form.locator('input[name=party][value=participant]').check();
  await form.locator('[name=reason]').fill('Signed on paper with an interpreter');
  await submit(page, form);

  form = page.locator('form#approval-form');
  await form.locator('input[name=party][value=centre]').check();
  await submit(page, form);
  assert.equal(await page.locator('#placement-status').innerText(), 'Active');
  assert.equal(await page.locator('#approval-list tbody tr').count(), 3);
  await checkAxe(page);

  await clickAndWait(page, page.locator(`a[href="${placementUrl}/agreement"]`));
  assert.equal(await page.locator('main h1').innerText(), 'Placement agreement');
  assert.match(await page.locator('main').innerText(), /Food preparation and dishwashing/);
  await checkAxe(page);
});

test('a follow-up visit, and the supervisor evaluates through the link', async () => {
  const { page } = liaison;
  await page.goto(server.url + placementUrl);
  const visit = page.locator('form#visit-form');
  await visit.locator('input[name=kind][value=visit]').check();
  await visit.locator('[name=with_whom]').fill('Vera Veileder');
  await visit.locator('[name=notes]').fill('Settled in well; asks good questions.');
  await visit.locator('[name=next_on]').fill(isoDay(14));
  await submit(page, visit);
  assert.equal(await page.locator('#visit-list tbody tr').count(), 1);
  await checkAxe(page);

  await clickAndWait(page, page.locator(`a[href="${placementUrl}/evaluations"]`));
  await checkAxe(page);
  await submit(page, page.locator('form#link-form'));
  const url = await page.locator('#link-url').inputValue();
  assert.match(url, /\/evaluate\/[0-9a-f]{32}$/);
  await checkAxe(page);

  // The supervisor: no account, another browser.
  const context = await newContext(browser, { locale: 'en-GB' });
  const sup = await context.newPage();
  const errors = collectErrors(sup);
  await sup.goto(server.url + new URL(url).pathname);
  assert.equal(await sup.locator('main h1').innerText(), 'Evaluation of a trainee');
  const text = await sup.locator('main').innerText();
  assert.match(text, /Hodan/);
  assert.doesNotMatch(text, /Warsame/);
  await checkAxe(sup);
  const form = sup.locator('form#link-evaluation-form');
  for (const [key, value] of [['punctuality', '5'], ['norwegian', '3'], ['understanding', '4'],
    ['quality', '4'], ['cooperation', '5'], ['initiative', 'not_seen']]) {
    await form.locator(`input[name=${key}][value="${value}"]`).check();
  }
  await form.locator('[name=strengths]').fill('Always on time, careful with hygiene.');
  await form.locator('[name=evaluator]').fill('Vera Veileder');
  await submit(sup, form);
  assert.equal(await sup.locator('main h1').innerText(), 'Thank you!');
  await checkAxe(sup);
  // The link is spent.
  await sup.goto(server.url + new URL(url).pathname);
  assert.match(await sup.locator('main .notice').innerText(), /This evaluation has been sent already/);
  assert.deepEqual(errors.filter((e) => !/status of 404/.test(e)), []);
  await context.close();

  await page.reload();
  assert.equal(await page.locator('#evaluation-list tbody tr').count(), 1);
  assert.match(await page.locator('#evaluation-list').innerText(), /Vera Veileder/);
});

test('the result: hired', async () => {
  const { page } = liaison;
  await page.goto(server.url + placementUrl + '/result');
  await checkAxe(page);
  const form = page.locator('form#result-form');
  await form.locator('input[name=hired][value=yes]').check();
  await form.locator('input[name=kind][value=permanent]').check();
  await form.locator('[name=percent]').fill('50');
  await form.locator('[name=job_starts_on]').fill(isoDay(30));
  await form.locator('input[name=wage_kind][value=monthly]').check();
  await form.locator('[name=wage_ore]').fill('40000');
  await form.locator('[name=title]').fill('Kitchen assistant');
  await submit(page, form);
  assert.match(await page.locator('#result').innerText(), /Hired/);
  assert.match(await page.locator('#job').innerText(), /Kitchen assistant/);
  await checkAxe(page);
});

test('the job: a raise as a new income version, then its end; the supervisor edited, not deleted', async () => {
  const { page } = liaison;
  await clickAndWait(page, page.locator('a[href^="/jobs/"]'));
  assert.match(new URL(page.url()).pathname, /^\/jobs\/\d+$/);
  await checkAxe(page);
  assert.equal(await page.locator('#income-versions tbody tr').count(), 1);
  const start = new Date(isoDay(30));
  const next = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
  const income = page.locator('form#income-form');
  await income.locator('[name=valid_from]').fill(next.toISOString().slice(0, 10).replace(/-\d\d$/, '-15'));
  await income.locator('[name=gross_ore]').fill('22000');
  await income.locator('[name=hours_centi]').fill('81,25');
  await submit(page, income);
  assert.equal(await page.locator('#valid_from-error').innerText(), 'Give the first day of a month.');
  await checkAxe(page);
  await page.locator('form#income-form [name=valid_from]').fill(next.toISOString().slice(0, 10));
  await submit(page, page.locator('form#income-form'));
  assert.equal(await page.locator('#income-versions tbody tr').count(), 2);
  assert.match(await page.locator('#income-versions tbody tr').nth(1).innerText(), /Liv Los/);
  const end = page.locator('form#end-form');
  await end.locator('[name=ends_on]').fill(isoDay(90));
  await end.locator('input[name=reason][value=resigned]').check();
  await submit(page, end);
  assert.equal(await page.locator('form#end-form').count(), 0);
  assert.match(await page.locator('#job').innerText(), /Resigned/);
  await checkAxe(page);
  // The participant's page lists the job with its last day, linking to it.
  await page.goto(`${server.url}/participants/${participantId}`);
  assert.equal(await page.locator('#participant-jobs tbody tr').count(), 1);
  assert.match(await page.locator('#participant-jobs').innerText(), new RegExp(isoDay(90)));
  await checkAxe(page);
  await page.goBack();

  // The workplace supervisor: a new role saved; deleting is refused while
  // the placement runs, naming it.
  await clickAndWait(page, page.locator('#job a[href^="/employers/"]'));
  await clickAndWait(page, page.locator('#contact-list a[href*="/contacts/"]'));
  await checkAxe(page);
  const edit = page.locator('form#contact-edit-form');
  await edit.locator('[name=role]').fill('Daglig leder');
  await submit(page, edit);
  assert.match(await page.locator('#contact-list').innerText(), /Daglig leder/);
  await clickAndWait(page, page.locator('#contact-list a[href*="/contacts/"]'));
  await submit(page, page.locator('form#contact-delete-form'));
  assert.match(await page.locator('#contact-notice').innerText(), /Warsame, Hodan/);
  assert.equal(await page.locator(`#contact-notice a[href="${placementUrl}"]`).count(), 1);
  await checkAxe(page);
});

test('the participant exits as employed', async () => {
  const lead = leader.page;
  await lead.goto(`${server.url}/participants/${participantId}/enrolment`);
  const exit = lead.locator('form#exit-form');
  await exit.locator('[name=exit_date]').fill(isoDay(0));
  await exit.locator('[name=exit_reason]').fill('Hired after the placement at Fjordkafeen.');
  await exit.locator('[name=exit_outcome]').selectOption('employed_part');
  await submit(lead, exit);
  const res = await lead.request.get(`${server.url}/api/v1/participants/${participantId}`);
  assert.equal(res.status(), 200);
  assert.equal((await res.json()).status, 'exited');
});

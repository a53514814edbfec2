// The reports journey (issue 12) in Chromium on the demo centre, as a
// programme leader does it: the centre at a glance on the home page, open
// Results, filter by gender and start cohort, export XLSX, open the
// cost-benefit account and change the discount rate. Each page is checked
// with axe. The tests run in order and build on each other. (The words
// are matched in Bokmål or English: the Bokmål of new messages waits in
// po/pending/ until the catalogue is merged.)

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import {
  startServer, launchBrowser, newContext, signIn, checkAxe, collectErrors, serverBinary,
} from './lib.mjs';

const PASSWORD = 'demo centre pass 42';

let server;
let browser;
let page;
let errors;

before(async () => {
  server = await startServer({ config: '[auth]\nargon2_memory_kib = 1024\nargon2_ops = 1\n' });
  const res = spawnSync(serverBinary(), ['--config', server.config, 'demo', '--password', PASSWORD],
    { cwd: server.dir, encoding: 'utf8' });
  assert.equal(res.status, 0, `demo: ${res.stderr}`);
  browser = await launchBrowser();
  const context = await newContext(browser, { locale: 'nb-NO', acceptDownloads: true });
  page = await context.newPage();
  errors = collectErrors(page);
  await signIn(page, server.url, 'leder', PASSWORD);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function clickAndWait(locator) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), locator.click()]);
}

test('the home page is the centre at a glance, each figure a link', async () => {
  await page.goto(`${server.url}/`);
  const glance = page.locator('section.glance');
  await glance.waitFor();
  assert.ok(await glance.locator('a[href="/waiting-list"]').count() > 0, 'the waiting list is a link');
  assert.ok(await glance.locator('a[href="/followups/late"]').count() > 0, 'late follow-ups are a link');
  await checkAxe(page);
});

test('the leader opens Results and filters by gender and cohort', async () => {
  await clickAndWait(page.locator('header nav a[href="/reports"]'));
  await checkAxe(page);
  await clickAndWait(page.locator('main a[href="/reports/results"]'));
  assert.ok(await page.locator('#table-results').count() === 1, 'the results table is there');
  assert.ok(await page.locator('figure.chart svg').count() > 0, 'with its chart');
  const cohort = String(new Date().getFullYear() - 1);
  await page.selectOption('#gender', 'female');
  await page.fill('#cohort', cohort);
  await clickAndWait(page.locator('form.filters button[type=submit]'));
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('gender'), 'female');
  assert.equal(url.searchParams.get('cohort'), cohort);
  assert.equal(await page.locator('#gender').inputValue(), 'female', 'the filter is kept');
  assert.ok(await page.locator('#table-results tbody tr').count() === 4, 'four rows: exit, completers, 6 and 12 months');
  await checkAxe(page);
});

test('the leader exports the filtered results as XLSX', async () => {
  const link = page.locator('main a[href*="format=xlsx"]').first();
  const href = await link.getAttribute('href');
  assert.match(href, /gender=female/, 'the export keeps the filters');
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  assert.match(download.suggestedFilename(), /^report-results-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const bytes = await readFile(await download.path());
  assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'an XLSX (zip) file');
});

test('the cost-benefit account: the discount rate changed', async () => {
  await clickAndWait(page.locator('header nav a[href="/reports"]'));
  await clickAndWait(page.locator('main a[href="/reports/cost-benefit"]'));
  assert.equal(await page.locator('#discount_rate').inputValue(), '4', 'the default is 4 %');
  assert.ok(await page.locator('#table-sensitivity').count() === 1, 'a sensitivity table');
  await checkAxe(page);
  await page.fill('#discount_rate', '6');
  await clickAndWait(page.locator('form.filters button[type=submit]'));
  assert.equal(new URL(page.url()).searchParams.get('discount_rate'), '6');
  assert.equal(await page.locator('#discount_rate').inputValue(), '6');
  assert.match(await page.locator('dl.assumptions').innerText(), /(diskonteringsrente|discount rate) 6 %/);
  assert.match(await page.locator('main').innerText(), /Observert|Observed/, 'observed figures are said to be so');
  assert.match(await page.locator('main').innerText(), /Framskrevet|Projected/, 'and projected ones');
  await checkAxe(page);
  assert.deepEqual(errors, []);
});

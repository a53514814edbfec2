// Defects a new user hits (issue 7), in Chromium on the demo centre: the
// work plan fits a phone's 390 px screen without scrolling sideways, and the
// accept-offer form's planned end follows the start date as it is typed.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  startServer, launchBrowser, newContext, signIn, checkAxe, collectErrors, serverBinary,
} from './lib.mjs';

const PASSWORD = 'demo centre pass 42';

let server;
let browser;

before(async () => {
  server = await startServer({ config: '[auth]\nargon2_memory_kib = 1024\nargon2_ops = 1\n' });
  const res = spawnSync(serverBinary(), ['--config', server.config, 'demo', '--password', PASSWORD],
    { cwd: server.dir, encoding: 'utf8' });
  assert.equal(res.status, 0, `demo: ${res.stderr}`);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The page's width beyond the viewport, with the widest elements named. */
async function overflow(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > width + 0.5 && !e.closest('.table-scroll'))
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.className ? `.${e.className}` : ''}`);
    return { scrollWidth: document.documentElement.scrollWidth, wide };
  });
}

test('the work plan fits a 390 px screen', async () => {
  const context = await newContext(browser, { viewport: { width: 390, height: 844 }, locale: 'nb-NO' });
  const page = await context.newPage();
  const errors = collectErrors(page);
  await signIn(page, server.url, 'kontakt1', PASSWORD);
  const list = await (await page.request.get(`${server.url}/api/v1/participants?status=active&per_page=20`)).json();
  assert.ok(list.items.length > 0, 'kontakt1 has active participants');
  let checked = 0;
  for (const item of list.items) {
    const plan = await (await page.request.get(`${server.url}/api/v1/participants/${item.id}/plan`)).json();
    if (!plan.goals || plan.goals.length === 0 || plan.evaluations.length === 0) continue;
    const pages = [`/participants/${item.id}/plan`, `/participants/${item.id}/plan/goals/${plan.goals[0].id}`];
    for (const p of pages) {
      await page.goto(`${server.url}${p}`);
      const o = await overflow(page);
      assert.ok(o.scrollWidth <= 390, `${p} is ${o.scrollWidth} px wide at 390 px: ${o.wide.join(', ')}`);
    }
    if (checked === 0) {
      await page.goto(`${server.url}/participants/${item.id}/plan`);
      await checkAxe(page);
    }
    if (++checked === 3) break;
  }
  assert.ok(checked > 0, 'a plan with goals and evaluations was checked');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the planned end follows the start date while the offer is accepted', async () => {
  const context = await newContext(browser, { locale: 'nb-NO' });
  const page = await context.newPage();
  const errors = collectErrors(page);
  await signIn(page, server.url, 'leder', PASSWORD);
  const offered = await (await page.request.get(`${server.url}/api/v1/referrals?state=offered`)).json();
  assert.ok(offered.items.length > 0, 'the demo has an offer waiting for an answer');
  await page.goto(`${server.url}/referrals/${offered.items[0].id}`);
  const form = page.locator('form#accept-form');
  const start = form.locator('#start_date');
  const end = form.locator('#planned_end');

  await start.fill('2027-01-10');
  await start.dispatchEvent('change');
  assert.equal(await end.inputValue(), '2029-01-10');
  await start.fill('2028-02-29');
  await start.dispatchEvent('change');
  assert.equal(await end.inputValue(), '2030-02-28');

  // An end typed by hand stays when the start changes again.
  await end.fill('2030-06-30');
  await start.fill('2028-03-01');
  await start.dispatchEvent('change');
  assert.equal(await end.inputValue(), '2030-06-30');
  assert.deepEqual(errors, []);
  await context.close();
});

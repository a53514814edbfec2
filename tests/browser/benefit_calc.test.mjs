// The benefit calculator in Chromium, as a contact person uses it to show a
// participant how money and tax work (in Bokmål, the user's language, read
// through messages translated before this page): the menu's link, the form filled
// with the example month (kroner as people write them, a pause, a
// child, sick pay chosen from the kinds in force), and one line of the
// statement read back; nothing is stored. axe on the form and the answer.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  startServer, launchBrowser, newContext, signIn, checkAxe, serverBinary,
} from './lib.mjs';

const KARI = { username: 'kari.kontakt', name: 'Kari Kontakt', password: 'kari sitt lange passord', roles: 'contact' };

let server;
let browser;

async function clickAndWait(page, locator) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), locator.click()]);
}

before(async () => {
  server = await startServer({ config: '[auth]\nargon2_memory_kib = 1024\nargon2_ops = 1\n' });
  const res = spawnSync(serverBinary(), ['--config', server.config, 'user', 'add', KARI.username,
    '--name', KARI.name, '--roles', KARI.roles, '--password-stdin'],
  { cwd: server.dir, input: `${KARI.password}\n`, encoding: 'utf8' });
  assert.equal(res.status, 0, `user add: ${res.stderr}`);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('a contact person computes a month and reads the statement', async () => {
  const context = await newContext(browser, { locale: 'en-GB' });
  const page = await context.newPage();
  await signIn(page, server.url, KARI.username, KARI.password);
  await clickAndWait(page, page.locator('header nav a[href="/benefits/calc"]'));
  assert.ok(page.url().endsWith('/benefits/calc'), page.url());
  await checkAxe(page);
  const form = page.locator('form#calc-form');
  await form.locator('[name=scheme]').selectOption('kvp');
  await form.locator('[name=month]').fill('2025-09');
  await form.locator('[name=birth_date]').fill('1999-10-15');
  await form.locator('[name=start]').fill('2025-09-10');
  await form.locator('[name=end]').fill('2026-09-09');
  await form.locator('[name=pause_from1]').fill('2025-09-22');
  await form.locator('[name=pause_to1]').fill('2025-09-26');
  await form.locator('[name=child1]').fill('2010-09-20');
  await form.locator('[name=unexcused_minutes]').fill('450');
  await form.locator('[name=work_gross]').fill('5 000,00');
  await form.locator('[name=work_hours]').fill('20');
  await form.locator('[name=income_kind1]').selectOption('sykepenger');
  await form.locator('[name=income_amount1]').fill('1000.00');
  await form.locator('#tax-percent').check();
  await form.locator('[name=tax_percent]').fill('30');
  await clickAndWait(page, form.locator('button[type=submit]'));
  const base = page.locator('#statement-lines tr[data-code="base"]');
  assert.equal(await base.locator('th').textContent(), 'Stønad for programdagene');
  assert.equal(await base.locator('td').first().textContent(), '16 dager');
  assert.equal((await page.locator('#statement-net').textContent()).replace(/\s/g, ' '), '4 639,16 kr');
  // what was typed is kept
  assert.equal(await form.locator('[name=work_gross]').inputValue(), '5 000,00');
  await checkAxe(page);
  await context.close();
});

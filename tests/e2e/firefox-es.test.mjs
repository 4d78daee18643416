// End to end in Firefox running in Spanish (Debian's es-ES language pack):
// CaseScope's viewer page speaks Spanish and shows USCIS's own Spanish
// status text. See firefox.test.mjs for how the page is reached.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FIREFOX_UUID as UUID, launchFirefox, signIn } from './browser.mjs';
import { startFakeUscis } from './fake-uscis.mjs';

const DIST = path.resolve(process.env.CASESCOPE_DIST || 'dist/casescope');
let server; let browser;

before(async () => {
  server = await startFakeUscis({ port: 443 });
  browser = await launchFirefox({ dist: DIST, prefs: { 'intl.locale.requested': 'es-ES' } });
  const page = (await browser.pages())[0] || (await browser.newPage());
  await signIn(page);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

describe('Firefox in Spanish', () => {
  test('the viewer page speaks Spanish, with USCIS\'s own Spanish status', async () => {
    const tab = await browser.newPage();
    await tab.setViewport({ width: 1280, height: 800 });
    await tab.goto('https://my.uscis.gov/account/applicant');
    await tab.evaluate((u) => { location.href = u; }, `moz-extension://${UUID}/popup.html?receipt=IOE0912345678`);
    await tab.waitForSelector('.case:not([aria-busy]):not([data-from=page]) [data-section=timeline]', { timeout: 20000 });
    assert.equal(await tab.evaluate(() => document.documentElement.lang), 'es');
    const text = (sel) => tab.$eval(sel, (e) => e.textContent);
    assert.equal(await text('[data-section=facts] h2'), 'Resumen');
    assert.equal(await text('[data-section=raw] h2'), 'Respuestas originales');
    assert.match(await text('[data-field="filed"] dd'), /^21 de octubre de 2025 \(hace \d+ días\)$/);
    assert.match(await text('[data-field="headline"]'), /^El Caso Está Siendo Revisado Activamente Por USCIS/);
    // The switch back to English works here too.
    await tab.$eval('[data-lang-switch=en]', (b) => b.click());
    await tab.waitForFunction(() => document.querySelector('[data-section=facts] h2').textContent === 'Summary');
    await tab.$eval('[data-lang-switch=es]', (b) => b.click());
    await tab.close();
  });
});

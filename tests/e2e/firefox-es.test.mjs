// End to end in Firefox running in Spanish (Debian's es-ES language pack):
// CaseScope's viewer page speaks Spanish and shows USCIS's own Spanish
// status text. browser.mjs firefoxViewerTab says how the page is reached.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { firefoxSuite, firefoxViewerTab } from './browser.mjs';

const DIST = path.resolve(process.env.CASESCOPE_DIST || 'dist/casescope');
let browser;

firefoxSuite({ dist: DIST, prefs: { 'intl.locale.requested': 'es-ES' } }, (s) => ({ browser } = s));

describe('Firefox in Spanish', () => {
  test('the viewer page speaks Spanish, with USCIS\'s own Spanish status', async () => {
    const tab = await firefoxViewerTab(browser, 'IOE0912345678');
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

// End to end, in Chromium running in Spanish: the toolbar popup, the viewer
// tab and the in-page control speak Spanish on a fixture case; the switch
// in the popup changes it back, and the choice is remembered.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ENGLISH_UI_WORDS as ENGLISH, inPageControl, onAccount, openCasePopup, signedInSuite } from './browser.mjs';

const DIST = process.env.CASESCOPE_DIST || path.resolve('dist/casescope');
const RECEIPT = 'IOE0912345678'; // the I-485 fixture: USCIS sent Spanish status text
let server; let browser; let page; let extensionId;

signedInSuite({ dist: DIST, lang: 'es' }, (s) => ({ server, browser, page, extensionId } = s));

const popupFor = (receipt) => openCasePopup({ browser, page, extensionId, server }, receipt, { fresh: false });

const text = (p, sel) => p.$eval(sel, (e) => e.textContent);

describe('a browser in Spanish', () => {
  test('the popup speaks Spanish, with USCIS\'s own Spanish status text', async () => {
    const popup = await popupFor(RECEIPT);
    assert.equal(await popup.$eval('.popup', (e) => e.lang), 'es');
    assert.equal(await popup.evaluate(() => document.documentElement.lang), 'es');
    assert.equal(await text(popup, '[data-section=facts] h2'), 'Resumen');
    assert.equal(await text(popup, '[data-field="filed"] dt'), 'Presentado');
    assert.match(await text(popup, '[data-field="filed"] dd'), /^21 de octubre de 2025 \(hace \d+ días\)$/);
    assert.match(await text(popup, '.stages .current .sr'), /^Revisión: alcanzado, según el estado actual de USCIS .* \(el caso está aquí\)$/);
    assert.equal(await text(popup, '.stages .current .name'), 'Revisión');
    assert.match(await text(popup, '[data-field="headline"]'), /^El Caso Está Siendo Revisado Activamente Por USCIS/);
    assert.match(await text(popup, '[data-field="status-text"]'), /estamos revisando activamente su Formulario I-485/);
    assert.match(await text(popup, '[data-action=refresh]'), /^Consultar de nuevo/);
    const all = await popup.$eval('.popup', (e) => e.innerText);
    for (const w of ENGLISH) assert.ok(!all.includes(w), `"${w}" on a Spanish screen`);
    // USCIS's English text is a click away.
    await popup.click('[data-action="status-lang:en"]');
    assert.match(await text(popup, '[data-field="status-text"]'), /^As of January 12, 2026/);
    await popup.close();
  });

  test('the switch changes everything back to English, and the choice is remembered', async () => {
    let popup = await popupFor(RECEIPT);
    await popup.click('[data-lang-switch=en]');
    await popup.waitForFunction(() => document.querySelector('[data-section=facts] h2').textContent === 'Summary');
    assert.equal(await popup.evaluate(() => document.documentElement.lang), 'en');
    assert.match(await text(popup, '[data-field="filed"] dd'), /^Oct 21, 2025 \(\d+ days ago\)$/);
    assert.match(await text(popup, '[data-field="headline"]'), /^Case Is Being Actively Reviewed By USCIS/);
    await popup.close();
    popup = await popupFor(RECEIPT);
    assert.equal(await text(popup, '[data-section=facts] h2'), 'Summary', 'remembered in the next popup');
    // Back to the browser's language: nothing is left stored for it.
    await popup.click('[data-lang-switch=es]');
    await popup.waitForFunction(() => document.querySelector('[data-section=facts] h2').textContent === 'Resumen');
    assert.equal(await popup.evaluate(() => localStorage.getItem('casescope-lang')), null);
    await popup.close();
  });

  test('the viewer tab and the in-page control speak Spanish too', async () => {
    const popup = await popupFor(RECEIPT);
    await popup.click('[data-action=open-tab]');
    const target = await browser.waitForTarget((t) => t.url().includes(`/popup.html?receipt=${RECEIPT}`));
    const tab = await target.asPage();
    await tab.waitForSelector('.case:not([aria-busy]):not([data-from=page]) [data-viewer] [role=tree]');
    assert.equal(await text(tab, '[data-section=raw] h2'), 'Respuestas originales');
    assert.equal(await text(tab, '[data-action="v:expand-all"]'), 'Expandir todo');
    assert.equal(await tab.title(), `CaseScope – ${RECEIPT}`);
    await tab.close();
    await onAccount(page, server, RECEIPT);
    let control = null;
    for (let i = 0; i < 50 && !control; i++) {
      control = await inPageControl(page);
      if (!control) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(control?.text, 'CaseScope: ver los detalles del caso');
  });
});

// End to end, in Chromium running in Simplified Chinese (--lang=zh-CN):
// the toolbar popup, the viewer tab, the frame over the page, the in-page
// control and the printable record speak Chinese on a fixture case, with
// USCIS's English status title shown as USCIS's words; the forum post is
// in Chinese and masked.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { CASE_READY, ENGLISH_UI_WORDS as ENGLISH, inPageControl, onAccount, openCasePopup, openInPageViewer, signedInSuite } from './browser.mjs';

const DIST = process.env.CASESCOPE_DIST || path.resolve('dist/casescope');
const RECEIPT = 'IOE0912345678'; // the I-485 fixture
let server; let browser; let page; let extensionId;

signedInSuite({ dist: DIST, lang: 'zh-CN' }, (s) => ({ server, browser, page, extensionId } = s));

const popupFor = (receipt) => openCasePopup({ browser, page, extensionId, server }, receipt, { fresh: false });
const text = (p, sel) => p.$eval(sel, (e) => e.textContent);

describe('a browser in Chinese', () => {
  test('the popup speaks Chinese, with USCIS\'s English status as its own words', async () => {
    const popup = await popupFor(RECEIPT);
    assert.equal(await popup.evaluate(() => document.documentElement.lang), 'zh-Hans');
    assert.equal(await text(popup, '[data-section=facts] h2'), '摘要');
    assert.equal(await text(popup, '[data-field="filed"] dt'), '递交日期');
    assert.match(await text(popup, '[data-field="filed"] dd'), /^2025年10月21日 \(\d+ 天前\)$/);
    assert.equal(await text(popup, '.stages .current .name'), '审理');
    // USCIS writes no Chinese: its English, marked as English.
    assert.match(await text(popup, '[data-field="headline"]'), /^Case Is Being Actively Reviewed By USCIS/);
    assert.match(await text(popup, '[data-action=refresh]'), /^重新读取/);
    const all = await popup.$eval('.popup', (e) => e.innerText);
    for (const w of ENGLISH) assert.ok(!all.includes(w), `"${w}" on a Chinese screen`);
    // The choice of language: 中文 in use, each language written in itself.
    assert.equal(await popup.$eval('[data-lang-switch=zh]', (b) => b.getAttribute('aria-pressed')), 'true');
    assert.deepEqual(await popup.$$eval('[data-lang-switch]', (bs) => bs.map((b) => b.textContent)), ['English', 'Español', '中文']);
    await popup.close();
  });

  test('the forum post is in Chinese and masked', async () => {
    const popup = await popupFor(RECEIPT);
    await popup.$eval('[data-toast]', (e) => { e.textContent = ''; });
    await popup.$eval('[data-action=copy-forum]', (b) => b.click());
    await popup.waitForFunction(() => document.querySelector('[data-toast]').textContent.startsWith('已将'));
    const post = await popup.evaluate(() => navigator.clipboard.readText());
    assert.match(post, /递交日期/);
    assert.match(post, /时间线/);
    assert.match(post, /来自 CaseScope（非官方）/);
    for (const s of [...server.cases.get(RECEIPT).personal, RECEIPT]) assert.ok(!post.includes(s), `"${s}" in the forum post`);
    await popup.close();
  });

  test('the viewer tab, the printable record, the in-page control and the frame speak Chinese too', async () => {
    const tab = await browser.newPage();
    await tab.goto(`chrome-extension://${extensionId}/popup.html?receipt=${RECEIPT}`);
    await tab.waitForSelector(CASE_READY, { timeout: 20000 });
    assert.equal(await text(tab, '[data-section=raw] h2'), '原始回复');
    assert.equal(await text(tab, '[data-action="v:expand-all"]'), '全部展开');
    await tab.close();
    const record = await browser.newPage();
    await record.evaluateOnNewDocument(() => { window.print = () => {}; });
    await record.goto(`chrome-extension://${extensionId}/popup.html?receipt=${RECEIPT}&print=1`);
    await record.waitForSelector(`.print-page ${CASE_READY}`, { timeout: 20000 });
    assert.equal(await text(record, '.print-head h1'), 'USCIS 案件记录 (CaseScope)');
    assert.match(await text(record, '[data-field=unofficial]'), /^非官方/);
    await record.close();
    await onAccount(page, server, RECEIPT);
    let control = null;
    for (let i = 0; i < 50 && !control; i++) {
      control = await inPageControl(page);
      if (!control) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(control?.text, 'CaseScope：查看案件详情');
    const frame = await openInPageViewer(page, RECEIPT);
    await frame.waitForSelector(CASE_READY, { timeout: 20000 });
    assert.equal(await frame.evaluate(() => document.documentElement.lang), 'zh-Hans');
    assert.equal(await text(frame, '[data-section=facts] h2'), '摘要');
    await frame.evaluate(() => document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
  });
});

// End to end in Firefox running in Simplified Chinese (Debian's zh-CN
// language pack): CaseScope's viewer page and the frame over the account
// page speak Chinese, with USCIS's English status shown as its own words.
// browser.mjs firefoxViewerTab says how the page is reached.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { clickControlBox, firefoxSuite, firefoxViewerTab, viewerFrame } from './browser.mjs';

const DIST = path.resolve(process.env.CASESCOPE_DIST || 'dist/casescope');
let server; let browser; let page;

firefoxSuite({ dist: DIST, prefs: { 'intl.locale.requested': 'zh-CN' } }, (s) => ({ server, browser, page } = s));

describe('Firefox in Chinese', () => {
  test('the viewer page speaks Chinese, with USCIS\'s English status as its own words', async () => {
    const tab = await firefoxViewerTab(browser, 'IOE0912345678');
    assert.equal(await tab.evaluate(() => document.documentElement.lang), 'zh-Hans');
    const text = (sel) => tab.$eval(sel, (e) => e.textContent);
    assert.equal(await text('[data-section=facts] h2'), '摘要');
    assert.equal(await text('[data-section=raw] h2'), '原始回复');
    assert.match(await text('[data-field="filed"] dd'), /^2025年10月21日 \(\d+ 天前\)$/);
    assert.match(await text('[data-field="headline"]'), /^Case Is Being Actively Reviewed By USCIS/);
    // The choice of language works here too.
    await tab.$eval('[data-lang-switch=en]', (b) => b.click());
    await tab.waitForFunction(() => document.querySelector('[data-section=facts] h2').textContent === 'Summary');
    await tab.$eval('[data-lang-switch=zh]', (b) => b.click());
    await tab.waitForFunction(() => document.querySelector('[data-section=facts] h2').textContent === '摘要');
    await tab.close();
  });

  test('the control in the card and the frame over the page speak Chinese', async () => {
    server.mode.account = ['IOE0912345678'];
    await page.goto('https://my.uscis.gov/account/applicant');
    for (let i = 0; i < 50 && !(await page.$('casescope-control[data-receipt="IOE0912345678"]')); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    await clickControlBox(page, 'IOE0912345678');
    const frame = await viewerFrame(page, 'IOE0912345678');
    await frame.waitForSelector('.case:not([aria-busy]):not([data-from=page]) [data-section=raw]', { timeout: 20000 });
    assert.equal(await frame.evaluate(() => document.documentElement.lang), 'zh-Hans');
    assert.equal(await frame.$eval('[data-section=facts] h2', (e) => e.textContent), '摘要');
    await frame.$eval('[data-action=close]', (b) => b.click());
  });
});

// End to end, in Chromium: "Mask personal details" on every fixture case.
// With masking on, none of the case's personal strings (its personal.txt:
// names, the receipt's digits, A-number, SSN, birth dates, addresses,
// e-mail, phone, opaque ids) is on screen, in the clipboard after each copy
// button (the forum post's Markdown too), or in the downloaded file; with it
// off, each output is the answer exactly as sent. The switch is remembered
// like the theme. (The printed record: print.test.mjs.)
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { openCasePopup, signedInSuite } from './browser.mjs';

const DIST = process.env.CASESCOPE_DIST || path.resolve('dist/casescope');
const ENDPOINTS = ['cases', 'case_status', 'receipt_info', 'documents'];
let server; let browser; let page; let extensionId;

signedInSuite({ dist: DIST }, (s) => ({ server, browser, page, extensionId } = s));

/** The personal strings planted in a fixture case (its personal.txt). */
function secrets(receipt) {
  const listed = server.cases.get(receipt).personal;
  assert.ok(listed.length > 0, `${receipt} lists its personal strings`);
  return listed;
}

const openCase = (receipt) => openCasePopup({ browser, page, extensionId, server }, receipt);

async function copied(popup, selector) {
  await popup.$eval('[data-toast]', (e) => { e.textContent = ''; });
  await popup.$eval(selector, (b) => b.click());
  await popup.waitForFunction(() => document.querySelector('[data-toast]').textContent.startsWith('Copied'));
  return popup.evaluate(() => navigator.clipboard.readText());
}

const cases = ['IOE0912345678', 'IOE0887654321', 'IOE0955500011', 'IOE0944455566', 'IOE0966677788'];

describe('mask personal details', () => {
  for (const receipt of cases) {
    test(`${receipt}: nothing personal on screen, copied or saved`, async () => {
      await browser.defaultBrowserContext().overridePermissions(`chrome-extension://${extensionId}`,
        ['clipboard-read', 'clipboard-sanitized-write']);
      const popup = await openCase(receipt);
      if ((await popup.$eval('[data-mask-toggle]', (b) => b.dataset.maskToggle)) === 'off') {
        await popup.click('[data-action=mask]');
      }
      await popup.waitForSelector('[data-state=masked]');
      await popup.click('[data-action="v:expand-all"]');
      const outputs = { screen: await popup.evaluate(() => document.querySelector('#app').innerText) };
      for (const key of ENDPOINTS) outputs[key] = await copied(popup, `[data-action="copy-raw:${key}"]`);
      outputs.all = await copied(popup, '[data-action=copy-all]');
      outputs.summary = await copied(popup, '[data-action=copy-summary]');
      outputs.markdown = await copied(popup, '[data-action=copy-forum]');
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casescope-mask-dl-'));
      const cdp = await popup.createCDPSession();
      await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: dir });
      await popup.$eval('[data-action=download]', (b) => b.click());
      let files = [];
      for (let i = 0; i < 50 && !files.some((f) => f.endsWith('.json')); i++) {
        await new Promise((r) => setTimeout(r, 100));
        files = fs.readdirSync(dir);
      }
      assert.match(files[0] ?? '', /^casescope-masked-\d{4}-\d\d-\d\d\.json$/);
      outputs.download = fs.readFileSync(path.join(dir, files[0]), 'utf8');
      for (const [what, text] of Object.entries(outputs)) {
        for (const s of secrets(receipt)) assert.ok(!text.includes(s), `${what}: "${s}" is there`);
      }
      assert.ok(outputs.all.startsWith('{\n  "masked": true'), 'copy all says it is masked');
      assert.ok(outputs.summary.startsWith('Masked:'), 'the summary says it is masked');
      for (const key of ENDPOINTS) JSON.parse(outputs[key]); // still JSON
      await popup.close();
    });
  }

  test('the switch is remembered, and off again everything is exactly as sent', async () => {
    const receipt = 'IOE0912345678';
    let popup = await openCase(receipt);
    assert.equal(await popup.$eval('[data-mask-toggle]', (b) => b.dataset.maskToggle), 'on', 'remembered from the last popup');
    await popup.click('[data-action=mask]');
    await popup.waitForFunction(() => !document.querySelector('[data-state=masked]'));
    assert.equal(await copied(popup, '[data-action="copy-raw:cases"]'), server.cases.get(receipt).bodies.cases.toString('utf8'));
    // "Copy for a forum post" is masked even with the switch off.
    const post = await copied(popup, '[data-action=copy-forum]');
    assert.match(post, /^\*\*I-485\*\* \(Application to Register/);
    for (const s of secrets(receipt)) assert.ok(!post.includes(s), `forum post: "${s}"`);
    assert.match(post, /personal details are masked\._\n$/);
    await popup.close();
    popup = await openCase(receipt);
    assert.equal(await popup.$eval('[data-mask-toggle]', (b) => b.dataset.maskToggle), 'off');
    await popup.close();
  });
});

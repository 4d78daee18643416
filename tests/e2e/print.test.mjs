// End to end, in Chromium: "Print / save as PDF". The button opens the
// printable record in a tab; Chromium prints that page to a PDF and
// poppler's pdftotext reads its text back, as a person would see it on
// paper. Unmasked, the record holds the case whole (summary, timeline,
// every field, the raw answers) with the print date and the "unofficial"
// line, and no button; masked, none of the case's personal strings is in it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { openCasePopup, signedInSuite } from './browser.mjs';

const DIST = process.env.CASESCOPE_DIST || path.resolve('dist/casescope');
let server; let browser; let page; let extensionId;

signedInSuite({ dist: DIST }, (s) => ({ server, browser, page, extensionId } = s));

/** Sets the popup's masking switch. */
async function setMask(popup, on) {
  const now = await popup.$eval('[data-mask-toggle]', (b) => b.dataset.maskToggle);
  if ((now === 'on') !== on) await popup.click('[data-action=mask]');
  await popup.waitForFunction((want) => !!document.querySelector('[data-state=masked]') === want, {}, on);
}

const WHOLE = '.case:not([aria-busy]):not([data-from=page]) [data-section=raw] pre';

/**
 * Opens `receipt`'s popup and clicks Print: the record opens in a tab and
 * asks for the print window, which headless Chromium keeps open (no PDF can
 * be made from that tab). So the test closes it, as a person would cancel
 * the print window, and opens the same address again in a tab whose print
 * window only counts the calls: once, with the whole case on screen.
 */
async function printRecord(receipt, { mask }) {
  const popup = await openCasePopup({ browser, page, extensionId, server }, receipt);
  await setMask(popup, mask);
  const opened = browser.waitForTarget((t) => t.url().includes(`popup.html?receipt=${receipt}`) && t.url().includes('print=1'));
  await popup.click('[data-action=print]');
  // The address from the target, which matched it: the page's own frame
  // may not have it yet (then '', and the second tab could not go there).
  const target = await opened;
  const url = target.url();
  const first = await target.asPage();
  await first.waitForSelector(WHOLE, { timeout: 20000 });
  await first.close();
  await popup.close().catch(() => {}); // (the toolbar popup closes as the tab opens)
  const record = await browser.newPage();
  await record.evaluateOnNewDocument(() => {
    window.printCalls = [];
    window.print = () => window.printCalls.push(!!document.querySelector('[data-section=timeline]'));
  });
  await record.goto(url);
  await record.waitForSelector(WHOLE, { timeout: 20000 });
  await record.waitForFunction(() => window.printCalls.length > 0);
  await new Promise((r) => setTimeout(r, 300)); // (time for a second call, which must not come)
  assert.deepEqual(await record.evaluate(() => window.printCalls), [true], 'printed once, the whole case on screen');
  return record;
}

/** The text of the PDF Chromium prints from `record`. */
async function pdfText(record) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casescope-print-'));
  const file = path.join(dir, 'record.pdf');
  await record.pdf({ path: file, format: 'Letter', printBackground: true });
  // -raw: in the order it was laid out, so that wrapped JSON lines join up.
  return execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

describe('print / save as PDF', () => {
  test('the record holds the case whole, says when and that it is unofficial, and shows no button', async () => {
    const receipt = 'IOE0912345678';
    const record = await printRecord(receipt, { mask: false });
    assert.equal(await record.evaluate(() => document.documentElement.dataset.theme), 'light');
    const text = await pdfText(record);
    await record.close();
    for (const want of [
      'USCIS case record (CaseScope)', receipt, 'Unofficial: made by CaseScope',
      'Case Is Being Actively Reviewed By USCIS', // the status
      'Timeline', 'FTA0', 'IMAG', 'Every field', // the timeline and every field
      'Raw answers', '"currentActionCode": "FTA0"', '"eventId": "9d2e7c10-3b4a-4f5e-8a6b-7c8d9e0f1a2b"',
    ]) assert.ok(text.includes(want), `"${want}" is not in the printed record`);
    assert.match(text, /Printed [A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d\d [AP]M/);
    for (const not of ['Print / save as PDF', 'Copy summary', 'Fetch again', 'Mask personal details']) {
      assert.ok(!text.includes(not), `"${not}" is printed`);
    }
    // Long JSON is wrapped, not cut: the status text's last words are there.
    assert.ok(text.replace(/\s+/g, ' ').includes('to give us your new mailing address.'), 'the status text is whole');
  });

  for (const receipt of ['IOE0912345678', 'IOE0887654321', 'IOE0955500011', 'IOE0944455566', 'IOE0966677788']) {
    test(`${receipt}: masked, the printed record has nothing personal`, async () => {
      const record = await printRecord(receipt, { mask: true });
      const text = await pdfText(record);
      await record.close();
      assert.ok(text.includes('Masked: names, receipt numbers'), 'it says it is masked');
      assert.ok(text.includes(`${receipt.slice(0, 3)}•••••••${receipt.slice(-3)}`), 'the masked receipt is there');
      const flat = text.replace(/\s+/g, '');
      for (const s of server.cases.get(receipt).personal) {
        assert.ok(!text.includes(s) && !flat.includes(s.replace(/\s+/g, '')), `"${s}" is in the printed record`);
      }
    });
  }
});

// End to end, in Chromium: "what changed since my last look". Nothing is
// kept until the user says so; then each look is kept in the extension's
// own local storage, the fake site changes the case between two looks and
// the first screen names each change; a look where one answer fails shows
// no false change; erase leaves the storage without any case record.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { openCasePopup, signedInSession, signedInSuite } from './browser.mjs';

const DIST = process.env.CASESCOPE_DIST || path.resolve('dist/casescope');
const RECEIPT = 'IOE0912345678';
let server; let browser; let page; let extensionId;
signedInSuite({ dist: DIST }, (s) => ({ server, browser, page, extensionId } = s));

const openCase = (options) => openCasePopup({ browser, page, extensionId, server }, RECEIPT, options);
/** What is kept of the cases (the "remembering" choice, which the background reads, is asserted apart). */
const kept = (popup) => popup.evaluate(async () => {
  const { remembering, ...cases } = await chrome.storage.local.get(null);
  return cases;
});
const remembering = (popup) => popup.evaluate(async () => (await chrome.storage.local.get('remembering')).remembering ?? null);
const text = (popup) => popup.evaluate(() => document.querySelector('#app').innerText);

describe('what changed since the last look', () => {
  test('nothing is kept before the user says so; then each look is, and changes are named', async () => {
    let popup = await openCase();
    await popup.waitForSelector('[data-state=remember-ask]');
    assert.deepEqual(await kept(popup), {}, 'nothing kept before the user answers');
    assert.equal(await remembering(popup), null);
    await popup.click('[data-action="remember:on"]');
    await popup.waitForSelector('[data-state=since-first]');
    await popup.waitForFunction(() => chrome.storage.local.get(null).then((all) => Object.keys(all).length === 3));
    assert.equal(await remembering(popup), 'on', 'the choice, where the background can read it');
    const first = await kept(popup);
    assert.deepEqual(Object.keys(first).sort(), [`history:${RECEIPT}`, 'learned-codes'],
      'the case, and the code words it teaches the other cases');
    const record = JSON.parse(first[`history:${RECEIPT}`]);
    assert.equal(record.format, 'casescope-history');
    assert.equal(record.looks.length, 1);
    assert.equal(record.looks[0].answers.status, server.cases.get(RECEIPT).bodies.case_status.toString('utf8'),
      'kept exactly as sent');
    await popup.close();

    // USCIS changes the case: a new event, notice, document and status
    // history entry, a new status with its code, action required.
    const bodies = server.cases.get(RECEIPT).bodies;
    const original = { ...bodies };
    const edit = (key, ...pairs) => {
      let t = bodies[key].toString('utf8');
      for (let i = 0; i < pairs.length; i += 2) {
        assert.ok(t.includes(pairs[i]), `${key} has ${pairs[i]}`);
        t = t.replace(pairs[i], pairs[i + 1]);
      }
      bodies[key] = Buffer.from(t);
    };
    try {
      edit('cases',
        '"events": [', '"events": [{"eventId": "e2e-new", "eventCode": "FTA1", "createdAt": "2026-11-27", "eventDateTime": "2026-11-27"},',
        '"notices": [', '"notices": [{"receiptNumber": "IOE0912345678", "letterId": "999", "generationDate": "2026-11-27T10:00:00.000Z", "actionType": "Interview Scheduled"},',
        '"actionRequired": false', '"actionRequired": true');
      edit('documents', '"data": [',
        '"data": [{"fileName": "x.pdf", "contentId": "e2e-doc", "type": "Interview Notice", "createDate": "2026-11-27T10:00:00.000+0000"},');
      edit('case_status',
        '"statusTitle": "Case Is Being Actively Reviewed By USCIS",\n    "statusText"', '"statusTitle": "Interview Was Scheduled",\n    "statusText"',
        '"currentActionCode": "FTA0"', '"currentActionCode": "IEAH"',
        '"historicalCaseStatuses": [', '"historicalCaseStatuses": [{"date": "11-27-2026 10:00:00", "actionCode": "FTA0", "statusTitle": "Case Is Being Actively Reviewed By USCIS"},');
      popup = await openCase();
      await popup.waitForSelector('[data-state=since-changed]');
      const seen = await text(popup);
      assert.match(seen, /Since your last look \(/);
      for (const want of [
        'new event FTA1 (recorded Nov 27, 2026)', 'new document: Interview Notice', 'new notice: Interview Scheduled',
        'USCIS now waits for something from you', 'status: “Case Is Being Actively Reviewed By USCIS” → “Interview Was Scheduled”',
        'status code FTA0 → IEAH', 'new status history entry: FTA0 – Case Is Being Actively Reviewed By USCIS',
      ]) assert.ok(seen.includes(want), `"${want}" is not on the first screen:\n${seen}`);
      assert.equal(JSON.parse((await kept(popup))[`history:${RECEIPT}`]).looks.length, 2);
      // The new rows are marked in the timeline, and the copies kept list
      // what changed, with every changed value on demand.
      assert.equal(await popup.$$eval('[data-section=timeline] [data-new]', (m) => m.length), 4, 'event, notice, document, history');
      await popup.click('[data-action="v:expand-all"]');
      const inTree = await popup.$$eval('[data-viewer] [data-new]', (m) => m.map((b) => b.closest('[data-path]').dataset.path));
      assert.deepEqual(inTree, ['$.data.notices[0]', '$.data.events[0]'], 'the new records of the case answer, in the raw tree');
      await popup.$eval('[data-section=kept]', (d) => { d.open = true; });
      await popup.$eval('[data-looks] [aria-expanded=false]', (b) => b.click());
      await popup.waitForSelector('[data-look-diff]');
      const rows = await popup.$eval('[data-look-diff]', (t) => t.innerText);
      assert.match(rows, /\$\.data\.events\[0\] \(added\)/);
      assert.match(rows, /"eventId": "e2e-new"/);
      const listed = await popup.$eval('[data-looks]', (l) => l.innerText);
      assert.ok(listed.includes('status code FTA0 → IEAH') && listed.includes('the first copy kept'), listed);
      await popup.close();

      // The status answer fails: its last copy stands in, nothing is "removed".
      server.mode.faults = { case_status: '500' };
      popup = await openCase({ ready: '[data-state=since-same]', timeout: 30000 });
      const failing = await text(popup);
      assert.doesNotMatch(failing, /is gone|document gone|status: /);
      assert.equal(JSON.parse((await kept(popup))[`history:${RECEIPT}`]).looks.length, 2, 'no new copy');
      await popup.close();

      // Only the record's update time moves: the silent update.
      server.mode.faults = {};
      edit('cases', '"updatedAt": "2026-04-28"', '"updatedAt": "2026-11-28"',
        '"updatedAtTimestamp": "2026-04-28T01:49:16.139Z"', '"updatedAtTimestamp": "2026-11-28T01:00:00.000Z"');
      popup = await openCase({ ready: '[data-state=since-changed]' });
      assert.match(await text(popup), /the record was updated \(Nov 28, 2026\) and nothing it shows changed \(a “silent update”\)/);
      await popup.close();
    } finally {
      server.mode.faults = {};
      Object.assign(bodies, original);
    }
  });

  test('erase leaves nothing of any case, and says so', async () => {
    const popup = await openCase({ ready: '[data-section=kept]' });
    await popup.$eval('[data-section=kept]', (d) => { d.open = true; });
    // The case went back as it was: a third copy, and the first screen says so.
    assert.match(await popup.$eval('[data-section=kept]', (d) => d.innerText), /This case: 4 copies/);
    assert.match(await text(popup), /event FTA1 is gone/);
    await popup.click('[data-action=erase-all]');
    await popup.waitForSelector('[data-state=erased]');
    const left = Object.keys(await kept(popup)).filter((k) => k.startsWith('history:'));
    assert.deepEqual(left, []);
    assert.match(await popup.$eval('[data-section=kept]', (d) => d.innerText), /Nothing is kept\./);
    await popup.close();
  });

  test('export, erase, import: the same history back; a hostile file changes nothing', async () => {
    const popup = await openCase({ ready: '[data-section=kept]' });
    // Both writes of a look landed (the case, and the code words it
    // teaches): taken between them, "before" missed the second.
    await popup.waitForFunction((k) => chrome.storage.local.get([k, 'learned-codes']).then((all) => !!all[k] && !!all['learned-codes']),
      {}, `history:${RECEIPT}`);
    const before = await kept(popup);
    await popup.$eval('[data-section=kept]', (d) => { d.open = true; });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casescope-export-'));
    const cdp = await popup.createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: dir });
    await popup.click('[data-action=export-kept]');
    let files = [];
    for (let i = 0; i < 50 && !files.some((f) => f.endsWith('.json')); i++) {
      await new Promise((r) => setTimeout(r, 100));
      files = fs.readdirSync(dir);
    }
    assert.match(files[0] ?? '', /^casescope-history-\d{4}-\d\d-\d\d\.json$/);
    const exported = path.join(dir, files[0]);
    assert.equal(JSON.parse(fs.readFileSync(exported, 'utf8')).cases.length, 1);
    // Into a fresh profile (another browser, nothing kept, the question
    // answered "Not now"): the same history, exactly.
    const other = await signedInSession({ dist: DIST });
    try {
      const fresh = await openCasePopup(other, RECEIPT);
      await fresh.click('[data-action="remember:off"]');
      assert.deepEqual(await kept(fresh), {});
      await fresh.$eval('[data-section=kept]', (d) => { d.open = true; });
      await (await fresh.$('input[data-import]')).uploadFile(exported);
      await fresh.waitForSelector('[data-state=imported]');
      assert.deepEqual(await kept(fresh), before, 'the same history, exactly');
    } finally {
      await other.browser.close();
      await other.server.close();
    }
    // Here: erased, then imported back.
    await popup.click('[data-action=erase-all]');
    await popup.waitForSelector('[data-state=erased]');
    assert.deepEqual(await kept(popup), {});
    const input = await popup.$('input[data-import]');
    await input.uploadFile(exported);
    await popup.waitForSelector('[data-state=imported]');
    assert.deepEqual(await kept(popup), before, 'the same history, exactly');
    // A hostile file: refused with its reason, the storage as it was, the text only text.
    const hostile = path.join(dir, 'hostile.json');
    fs.writeFileSync(hostile, JSON.stringify({ format: 'casescope-history-export', version: 1,
      cases: [{ format: 'casescope-history', version: 1, receipt: '<img src=x onerror="window.__pwned=1">', checked_ms: 1, looks: [] }] }));
    await (await popup.$('input[data-import]')).uploadFile(hostile);
    await popup.waitForSelector('[data-state=import-refused]');
    assert.match(await popup.$eval('[data-state=import-refused]', (e) => e.textContent),
      /^This file was not imported: case <img src=x onerror="window.__pwned=1"> in it cannot be read .*Nothing was changed\.$/);
    assert.equal(await popup.evaluate(() => window.__pwned), undefined);
    assert.equal(await popup.$$eval('[data-section=kept] img', (i) => i.length), 0);
    assert.deepEqual(await kept(popup), before);
    await popup.close();
  });

  test('a code USCIS explained on one remembered case explains it on another, saying where', async () => {
    // IOE0912345678 (remembered above) pairs IMAG with its status title; the
    // I-131 case gets an IMAG event of its own, which it does not explain.
    const other = 'IOE0955500011';
    const bodies = server.cases.get(other).bodies;
    const original = bodies.cases;
    bodies.cases = Buffer.from(original.toString('utf8').replace('"events": [',
      '"events": [{"eventId": "learn-1", "eventCode": "IMAG", "eventDateTime": "2026-09-01", "createdAt": "2026-09-01"},'));
    try {
      const popup = await openCasePopup({ browser, page, extensionId, server }, other);
      await popup.waitForSelector('[data-section=timeline] [data-code=IMAG]');
      const row = await popup.$eval('[data-section=timeline] [data-code=IMAG]', (r) => r.innerText);
      assert.match(row, /Biometrics Appointment Was Scheduled/);
      assert.match(row, /USCIS's own words for this code on your case IOE•••••••678/);
      await popup.close();
    } finally {
      bodies.cases = original;
    }
  });
  test('with the storage nearly full, the oldest copies make room, each case keeps its latest, and the popup says so', async () => {
    // Another remembered case fills CaseScope's share of the storage
    // (history::MAX_BYTES, 8 MB of the browser's 10 MB for an extension's
    // local storage): 32 copies of 256 KB, the oldest from 2025.
    const filler = 'IOE0887654321';
    let popup = await openCase({ ready: '[data-section=kept]' });
    await popup.evaluate(async (key) => {
      const big = 'x'.repeat(256 * 1024);
      const looks = Array.from({ length: 32 }, (_, i) => ({ at_ms: 1735689600000 + i * 86400000, answers: { case: `${big}${i}` } }));
      await chrome.storage.local.set({ [key]: JSON.stringify({ format: 'casescope-history', version: 1, receipt: key.slice(8),
        checked_ms: looks[31].at_ms, previous_ms: looks[30].at_ms, looks }) });
    }, `history:${filler}`);
    const before = await popup.evaluate(() => chrome.storage.local.getBytesInUse(null));
    assert.ok(before > 8 * 1024 * 1024, `nearly full: ${before} bytes`);
    await popup.close();
    try {
      // The next look of the case on screen is kept: the oldest copies go.
      popup = await openCase({ ready: '[data-state=made-room]' });
      const said = await popup.$eval('[data-state=made-room]', (e) => e.textContent);
      const n = Number(said.match(/let go of the (\d+) oldest copies it kept, across all cases/)?.[1]);
      assert.ok(n > 0, said);
      assert.match(said, /Each case still has its latest copy\./);
      const after = await popup.evaluate(async (key) => {
        const all = await chrome.storage.local.get(null);
        return { bytes: await chrome.storage.local.getBytesInUse(null), filler: JSON.parse(all[key]).looks.map((l) => l.at_ms),
          mine: !!all['history:IOE0912345678'] };
      }, `history:${filler}`);
      assert.equal(after.filler.length, 32 - n, 'as many went as it says');
      assert.equal(after.filler[0], 1735689600000 + n * 86400000, 'the oldest went first');
      assert.equal(after.filler.at(-1), 1735689600000 + 31 * 86400000, 'the latest stays');
      assert.ok(after.mine, 'this look is kept');
      assert.ok(after.bytes <= 8 * 1024 * 1024, `within CaseScope's share: ${after.bytes} bytes`);
    } finally {
      await popup.evaluate((key) => chrome.storage.local.remove(key), `history:${filler}`);
      await popup.close();
    }
  });
});

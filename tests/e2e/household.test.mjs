// End to end, in Chromium: every case on the account. On the account page
// the popup lists each case from the page's own case list (form and status)
// and "Check all" asks USCIS politely: one case at a time, each endpoint
// once, a recent answer reused, stopping at the first sign-in answer. With
// remembering on, each look is kept, and the toolbar badge of that tab
// counts the cases that changed. Each layout of the account page
// (fake-uscis.mjs LAYOUTS) is run in turn, from a fresh start; where the
// page carries no data of its own (the text-only layout), what needs it
// (the page's dates, the badge from a page view) is not there, and the
// badge is never set from the cards' words.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { before } from 'node:test';
import { API, LAYOUTS } from './fake-uscis.mjs';
import { closePopups, forgetAnswers, openPopup, signIn, signedInSuite } from './browser.mjs';

const DIST = process.env.CASESCOPE_DIST || path.resolve('dist/casescope');
let server; let browser; let page; let extensionId; let sw;
signedInSuite({ dist: DIST }, (s) => ({ server, browser, page, extensionId, sw } = s));

/** The popup on the account page, its list of cases on screen. */
let layout = 'id';
async function accountPopup() {
  await closePopups(browser);
  server.everyCase();
  server.mode.layout = layout;
  await page.goto('https://my.uscis.gov/account/applicant');
  const popup = await openPopup(browser, page);
  await popup.waitForSelector('[data-action=check-all]');
  return popup;
}

const apiRequests = () => server.requests.filter((r) => API.some((a) => a.observed.test(r.path) || a.short.test(r.path)));

async function checkAll(popup) {
  await popup.click('[data-action=check-all]');
  await popup.waitForSelector('[data-state=checked]', { timeout: 60000 });
  return popup.$eval('[data-state=checked]', (e) => e.textContent);
}

async function badge(popup) {
  return popup.evaluate(async () => {
    const [tab] = await chrome.tabs.query({ url: 'https://my.uscis.gov/account/applicant' });
    return chrome.action.getBadgeText({ tabId: tab.id });
  });
}

for (const shown of LAYOUTS) {
describe(`all the cases on the account, ${shown} layout`, () => {
  // A fresh start: signed in (the last test ends the session), nothing kept.
  before(async () => {
    layout = shown;
    await closePopups(browser);
    await signIn(page);
    const tab = await browser.newPage();
    await tab.goto(`chrome-extension://${extensionId}/popup.html?receipt=IOE0912345678&print=1`);
    await tab.evaluate(() => { localStorage.removeItem('casescope-remember'); return chrome.storage.local.clear(); });
    await tab.close();
    await forgetAnswers(browser, extensionId);
  });

  if (shown !== 'text') test('each case is listed with its form and plain title, filing day and last update, from the page\'s own list (which has no status title)', async () => {
    const popup = await accountPopup();
    const rows = await popup.$$eval('[data-case]', (li) => li.map((l) => l.innerText.replace(/\s+/g, ' ').trim()));
    assert.ok(rows.length >= 5, rows.join('\n'));
    const day = (iso) => new Date(`${iso.slice(0, 10)}T00:00:00Z`).toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
    for (const r of ['IOE0912345678', 'IOE0887654321']) {
      const c = JSON.parse(server.cases.get(r).bodies.cases).data;
      const updated = new Date(c.updatedAtTimestamp).toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric' });
      // Where the cards show USCIS's status title (the grouped layout), the
      // page's words say it, as the page's.
      const status = JSON.parse(server.cases.get(r).bodies.case_status).data.statusTitle;
      const words = shown === 'grouped'
        ? ` · ${status} (as the account page shows it)${c.closed ? ' · case closed (as the account page shows it)' : ''}` : '';
      const want = `${r} ${c.formType} – ${c.formName}${words} · filed ${day(c.submissionDate)} · updated ${updated}`;
      assert.ok(rows.includes(want), `${want}\n${rows.join('\n')}`);
    }
    await popup.close();
  });

  test('"Check all" asks one case at a time, each endpoint once, then reuses; the badge counts changes', async () => {
    let popup = await accountPopup();
    await popup.evaluate(() => localStorage.setItem('casescope-remember', 'on')); // as "Remember my cases" does
    await popup.close();
    await forgetAnswers(browser, extensionId);
    popup = await accountPopup();
    const listed = await popup.$$eval('[data-case]', (li) => li.map((l) => l.dataset.case));
    server.requests.length = 0;
    assert.match(await checkAll(popup), new RegExp(`^Checked ${listed.length} cases\\.$`));
    const asked = apiRequests();
    for (const receipt of listed) {
      const mine = asked.filter((r) => r.path.includes(receipt));
      assert.ok(mine.length >= 4 && mine.length <= 8, `${receipt}: ${mine.length} requests`);
      assert.equal(new Set(mine.map((r) => r.path)).size, mine.length, `${receipt}: no address asked twice`);
    }
    // One at a time: no request for a case starts before the previous case's last one.
    const order = asked.map((r) => listed.findIndex((x) => r.path.includes(x)));
    assert.deepEqual(order, [...order].sort((a, b) => a - b), 'cases asked in turn');
    assert.equal(await badge(popup), '', 'nothing changed yet');
    // Again at once: every answer is reused, USCIS is not asked.
    server.requests.length = 0;
    await checkAll(popup);
    assert.equal(apiRequests().length, 0);
    await popup.close();

    // USCIS adds an event to one case; the next check (later) finds it.
    const bodies = server.cases.get('IOE0912345678').bodies;
    const original = bodies.cases;
    try {
      bodies.cases = Buffer.from(original.toString('utf8').replace('"events": [',
        '"events": [{"eventId": "hh-new", "eventCode": "FTA1", "createdAt": "2026-11-27"},'));
      await forgetAnswers(browser, extensionId);
      popup = await accountPopup();
      await checkAll(popup);
      assert.equal(await badge(popup), '1');
      assert.match(await popup.$eval('[data-changed=true]', (e) => e.textContent), /changed at the last look/);
      await popup.close();
    } finally {
      bodies.cases = original;
    }
  });

  test('a page view of the account sets the badge to the remembered cases whose data changed, asking USCIS nothing', async () => {
    // Remembering is on (the test above said so); every case's look is kept as it is now.
    await forgetAnswers(browser, extensionId);
    let popup = await accountPopup();
    await checkAll(popup);
    await popup.close();
    const worker = await sw();
    const pageBadge = () => worker.evaluate(async () => {
      const [tab] = await chrome.tabs.query({ url: 'https://my.uscis.gov/account/applicant' });
      return chrome.action.getBadgeText({ tabId: tab.id });
    });
    const settle = async (want) => {
      let got = null;
      for (let i = 0; i < 50 && got !== want; i++) {
        await new Promise((r) => setTimeout(r, 100));
        got = await pageBadge();
      }
      return got;
    };
    server.requests.length = 0;
    await page.goto('https://my.uscis.gov/account/applicant');
    assert.equal(await settle(''), '', 'nothing changed since the last look');
    const bodies = server.cases.get('IOE0912345678').bodies;
    const original = bodies.cases;
    try {
      // USCIS records an event: the account page's data has it.
      bodies.cases = Buffer.from(original.toString('utf8').replace('"events": [',
        '"events": [{"eventId": "page-new", "eventCode": "FTA1", "createdAt": "2026-11-27"},'));
      await page.goto('https://my.uscis.gov/account/applicant');
      if (shown === 'text') {
        // No data in the page: its cards' words never make a badge.
        await new Promise((r) => setTimeout(r, 1500));
        assert.equal(await pageBadge(), '');
      } else {
        assert.equal(await settle('1'), '1');
      }
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(apiRequests().length, 0, 'USCIS was asked nothing');
    } finally {
      bodies.cases = original;
    }
    // Remembering turned off (with its switch, under a case): no badge from a page view.
    popup = await accountPopup();
    await popup.click('[data-action="choose:IOE0912345678"]');
    await popup.waitForSelector('[data-section=kept]');
    await popup.$eval('[data-section=kept]', (d) => { d.open = true; });
    await popup.$eval('[data-action="remember:off"]', (b) => b.click());
    await popup.waitForFunction(() => chrome.storage.local.get('remembering').then((v) => !v.remembering));
    await popup.close();
    bodies.cases = Buffer.from(original.toString('utf8').replace('"events": [',
      '"events": [{"eventId": "page-new", "eventCode": "FTA1", "createdAt": "2026-11-27"},'));
    try {
      await page.goto('https://my.uscis.gov/account/applicant');
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(await pageBadge(), '');
    } finally {
      bodies.cases = original;
    }
  });

  test('a remembered case can be named; the name is kept with its record and shown in the list', async () => {
    let popup = await accountPopup();
    await popup.evaluate(() => localStorage.setItem('casescope-remember', 'on'));
    await popup.close();
    popup = await accountPopup();
    await popup.click('[data-action="name:IOE0887654321"]');
    await popup.waitForSelector('#nickname-input');
    await popup.type('#nickname-input', '<b>Mom</b>\'s work permit');
    await popup.keyboard.press('Enter');
    await popup.waitForSelector('[data-case=IOE0887654321] [data-nickname]');
    await popup.waitForFunction(() => chrome.storage.local.get('history:IOE0887654321')
      .then((v) => JSON.parse(v['history:IOE0887654321']).nickname === "<b>Mom</b>'s work permit"));
    await popup.close();
    popup = await accountPopup();
    assert.equal(await popup.$eval('[data-case=IOE0887654321] [data-nickname]', (e) => e.textContent), "<b>Mom</b>'s work permit",
      'kept, and shown as text');
    assert.equal(await popup.$$eval('[data-case] b', (b) => b.length), 0);
    await popup.close();
  });

  test('"Check all" stops at the first sign-in answer', async () => {
    await forgetAnswers(browser, extensionId);
    const popup = await accountPopup();
    server.endSessions();
    server.requests.length = 0;
    assert.match(await checkAll(popup), /^Stopped: you are signed out of my\.uscis\.gov/);
    const cases = new Set(apiRequests().map((r) => r.path.match(/[A-Z]{3}\d{10}/)[0]));
    assert.equal(cases.size, 1, `only the first case was asked: ${[...cases]}`);
    await popup.close();
  });
});
}

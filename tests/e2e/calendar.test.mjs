// End to end, in Chromium: dates to keep. An account page whose data holds
// three cases, two of them with an appointment ahead (fake-uscis.mjs
// `mode.appointments`, the notices' shape from API-NOTES). The popup's
// account overview lists both, soonest first, with no request to USCIS;
// "Add to calendar" and "Add all to calendar" save iCalendar files that a
// real parser (ical.js) reads with the instant USCIS sent, the UID of the
// receipt and letter, an hour's length and a reminder the day before.
// Masked, the file holds no personal string of the fixtures.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import ICAL from 'ical.js';
import { execFileSync } from 'node:child_process';
import { API, FIXTURES, appointmentAhead, withAppointment } from './fake-uscis.mjs';
import { closePopups, openPopup, signedInSuite } from './browser.mjs';

const DIST = process.env.CASESCOPE_DIST || path.resolve('dist/casescope');
let server; let browser; let page;
signedInSuite({ dist: DIST }, (s) => ({ server, browser, page } = s));

const THREE = ['IOE0912345678', 'IOE0887654321', 'IOE0955500011'];
const apiAsked = () => server.requests.filter((r) => API.some((a) => a.observed.test(r.path) || a.short.test(r.path)));

/** Opens the popup on the account page of THREE, two with an appointment ahead. */
async function accountPopup() {
  server.reset();
  server.mode.account = THREE;
  const at = { IOE0912345678: appointmentAhead(12, 14), IOE0887654321: appointmentAhead(40, 15) };
  server.mode.appointments = at;
  await page.goto('https://my.uscis.gov/account/applicant');
  await page.waitForSelector('casescope-control');
  const popup = await openPopup(browser, page);
  await popup.waitForSelector('[data-section=upcoming]');
  return { popup, at };
}

/** An iCalendar text, parsed by ical.js: each event's UID, times, words and reminder. */
function parse(text) {
  const cal = new ICAL.Component(ICAL.parse(text));
  return cal.getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v);
    return { uid: e.uid, start: e.startDate.toJSDate().toISOString(), end: e.endDate.toJSDate().toISOString(),
      summary: e.summary, description: e.description,
      trigger: v.getFirstSubcomponent('valarm')?.getFirstPropertyValue('trigger')?.toString() };
  });
}

/** Clicks `selector` in `popup` and returns the .ics file it saves, parsed. */
async function saved(popup, selector) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casescope-ics-'));
  const cdp = await popup.createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: dir });
  await popup.$eval(selector, (b) => b.click());
  let files = [];
  for (let i = 0; i < 50 && !files.some((f) => f.endsWith('.ics')); i++) {
    await new Promise((r) => setTimeout(r, 100));
    files = fs.readdirSync(dir);
  }
  assert.match(files[0] ?? '', /^casescope-appointments-\d{4}-\d\d-\d\d\.ics$/);
  const text = fs.readFileSync(path.join(dir, files[0]), 'utf8');
  return { text, events: parse(text) };
}

test('the account overview lists every upcoming appointment from the page\'s data, with no request', async () => {
  const { popup, at } = await accountPopup();
  const rows = await popup.$$eval('[data-section=upcoming] li', (ls) => ls.map((l) => l.innerText));
  assert.equal(rows.length, 2, rows.join('\n'));
  assert.match(rows[0], /in 12 days/);
  assert.match(rows[0], /I-485 · IOE0912345678/);
  assert.match(rows[1], /in 40 days/);
  assert.match(rows[1], /I-765 · IOE0887654321/);
  for (const r of rows) {
    assert.match(r, /Appointment \(see your notice for its type and place\)/);
    assert.doesNotMatch(r, /biometric|interview/i);
  }
  // The day and time are the browser's, and its zone is named.
  const zone = await popup.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  assert.match(await popup.$eval('[data-section=upcoming]', (s) => s.innerText), new RegExp(`Times in your time zone: ${zone}`));
  const local = await popup.evaluate((iso) => new Date(iso).toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit' }), at.IOE0912345678);
  assert.ok(rows[0].includes(local), `${rows[0]} shows ${local}`);
  assert.deepEqual(apiAsked(), [], 'nothing asked of USCIS');

  const all = await saved(popup, '[data-calendar=all]');
  assert.deepEqual(all.events.map((e) => e.start), [at.IOE0912345678, at.IOE0887654321]);
  // (The fake's letter ids are 77 and the receipt's last seven digits.)
  assert.deepEqual(all.events.map((e) => e.uid), ['IOE0912345678-772345678@casescope', 'IOE0887654321-777654321@casescope']);
  for (const e of all.events) {
    assert.equal(Date.parse(e.end) - Date.parse(e.start), 3600000, 'one hour');
    assert.equal(e.trigger, '-P1D', 'a reminder the day before');
    assert.match(e.description, /Check your appointment notice for the place and what to bring/);
  }
  assert.equal(all.events[0].summary, 'USCIS appointment: I-485');
  // One appointment's own button: that one alone.
  const one = await saved(popup, '[data-section=upcoming] li:nth-child(2) [data-calendar]');
  assert.deepEqual(one.events.map((e) => e.summary), ['USCIS appointment: I-765']);
  assert.deepEqual(apiAsked(), [], 'nothing asked of USCIS');
  await closePopups(browser);
});

test('masked, the calendar file holds no personal string of the fixtures', async () => {
  const { popup, at } = await accountPopup();
  if ((await popup.$eval('[data-mask-toggle]', (b) => b.dataset.maskToggle)) === 'off') await popup.click('[data-action=mask]');
  await popup.waitForFunction(() => /no receipt number, no name and no id/.test(document.querySelector('[data-section=upcoming]')?.innerText ?? ''));
  const { text, events } = await saved(popup, '[data-calendar=all]');
  assert.deepEqual(events.map((e) => e.start), [at.IOE0912345678, at.IOE0887654321], 'the same instants');
  const personal = THREE.flatMap((r) => [...server.cases.get(r).personal, r.slice(3), `77${r.slice(-7)}`]);
  for (const s of personal) assert.ok(!text.includes(s), `"${s}" is in the masked file`);
  await popup.click('[data-action=mask]');
  await closePopups(browser);
});

test('casescope calendar prints a file the same parser reads the same way', () => {
  const at = appointmentAhead(12, 14);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casescope-cli-ics-'));
  const body = fs.readFileSync(path.join(FIXTURES, 'i485-pending', 'cases.json'));
  fs.writeFileSync(path.join(dir, 'cases.json'), withAppointment(body, 'IOE0912345678', at));
  const run = (...args) => execFileSync('cargo', ['run', '--quiet', '--bin', 'casescope', '--', 'calendar', ...args, dir],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const events = parse(run());
  assert.deepEqual(events.map((e) => [e.uid, e.start, e.trigger]), [['IOE0912345678-772345678@casescope', at, '-P1D']]);
  assert.equal(Date.parse(events[0].end) - Date.parse(at), 3600000);
  const masked = run('--mask');
  assert.deepEqual(parse(masked).map((e) => e.start), [at]);
  assert.ok(!masked.includes('0912345678') && !masked.includes('772345678'), masked);
});

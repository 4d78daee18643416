// End to end, in Chromium: every screen at a phone's 360x740 and a
// laptop's 1280x800, in English, Spanish and Chinese, light and dark: the toolbar
// popup on one case and on the account's overview (with what was found on
// the page and the maintainers' report open), the viewer tab, the
// viewer over the account page and the printable record. Each has nothing
// wider than the screen, no text over other text and no serious or
// critical accessibility violation (axe-core); a case's first screen says
// which case it is (form and receipt) and its status.
//
// The toolbar popup is drawn by Chromium at the desktop's 480 px; a phone
// shows the same page full screen (Firefox for Android). At 360 px the
// popup's own screen is copied, with its styles, into a phone-sized page.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { CASE_READY, closePopups, inPageControl, openInPageViewer, openPopup, signedInSuite } from './browser.mjs';
import { SIZES, axeViolations, caseProblems, layout, screenProblems } from './screens.mjs';
import { appointmentAhead } from './fake-uscis.mjs';

const DIST = process.env.CASESCOPE_DIST || path.resolve('dist/casescope');
let server; let browser; let page; let extensionId;
signedInSuite({ dist: DIST }, (s) => ({ server, browser, page, extensionId } = s));

const RECEIPT = 'IOE0912345678'; // the I-485: a silent update, the remember question, the longest first screen
const FORM = 'I-485';
const THREE = ['IOE0912345678', 'IOE0887654321', 'IOE0955500011'];
const POPUP = { width: 480, height: 600 }; // the toolbar popup's page, and its first screen
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Sets CaseScope's language and theme as the user's choices (its pages' own storage). */
async function choose(lang, theme) {
  const p = await browser.newPage();
  await p.goto(`chrome-extension://${extensionId}/popup.html?receipt=${RECEIPT}&print=1`);
  await p.evaluate((l, t) => { localStorage.setItem('casescope-lang', l); localStorage.setItem('casescope-theme', t); }, lang, theme);
  await p.close();
}

async function check(target, what, { fold, isCase, receipt = RECEIPT }) {
  const l = await layout(target);
  const problems = isCase ? caseProblems(l, { fold, receipt, form: FORM }) : screenProblems(l);
  const axe = await axeViolations(target);
  problems.push(...axe.map((v) => `axe ${v.impact} ${v.id}: ${v.help} (${v.nodes.join(', ')})`));
  assert.deepEqual(problems, [], what);
}

/** The toolbar popup's screen at `size`: itself at the desktop's width, else copied into a phone-sized page. */
async function popupScreen(popup, size, what, opts) {
  if (size.width >= POPUP.width) return check(popup, what, { ...opts, fold: POPUP.height });
  const html = await popup.evaluate(() => document.documentElement.outerHTML);
  const phone = await browser.newPage();
  try {
    await phone.setViewport(size);
    // (Its scripts do not run there: the copy is the screen, not the app.)
    await phone.setContent(html.replace(/<script[^>]*><\/script>/g, ''));
    await check(phone, `${what} (full screen on a phone)`, { ...opts, fold: size.height });
  } finally {
    await phone.close();
  }
}

describe('every screen fits and reads well', () => {
  for (const size of SIZES) {
    for (const lang of ['en', 'es', 'zh']) {
      for (const theme of ['light', 'dark']) {
        const what = `${size.name}, ${lang}, ${theme}`;
        test(`${what}: the popup, the overview, the viewer tab, the frame over the page, the printable record`, async () => {
          await closePopups(browser);
          // Two cases with an appointment ahead (fake-uscis.mjs): the first
          // screen, the account's list and the record show them. Set before
          // anything asks USCIS: the page that stores the choices below
          // fetches the case, and its answer is reused for 30 s
          // (policy::REUSE_MS), as a quick machine may never show.
          server.mode.appointments = { [RECEIPT]: appointmentAhead(12, 14), IOE0887654321: appointmentAhead(40, 15) };
          await choose(lang, theme);

          // The toolbar popup on an account with one case: that case.
          server.mode.account = [RECEIPT];
          await page.setViewport({ width: 1280, height: 800 });
          await page.goto('https://my.uscis.gov/account/applicant');
          let popup = await openPopup(browser, page);
          await popup.waitForSelector(CASE_READY, { timeout: 20000 });
          assert.ok(await popup.$('[data-section=appointments] [data-calendar]'), 'the case\'s appointment is on its first screen');
          await popupScreen(popup, size, `the popup, ${what}`, { isCase: true });
          await closePopups(browser);

          // The account overview: three cases, none chosen.
          server.mode.account = THREE;
          await page.goto('https://my.uscis.gov/account/applicant');
          popup = await openPopup(browser, page);
          await popup.waitForSelector('[data-action=check-all]', { timeout: 20000 });
          assert.equal(await popup.$$eval('[data-section=upcoming] li', (ls) => ls.length), 2, 'the account\'s appointments are listed');
          await popupScreen(popup, size, `the overview, ${what}`, { isCase: false });
          // What was found on the page, opened, the maintainers' report shown
          // (in a popup of its own: a phone's copy above took the focus, which
          // closes the toolbar popup).
          await closePopups(browser);
          popup = await openPopup(browser, page);
          await popup.waitForSelector('[data-action=check-all]', { timeout: 20000 });
          await popup.$eval('[data-section=found] summary', (s) => s.click());
          await popup.click('[data-action=show-report]');
          await popup.waitForSelector('[data-report]');
          await popupScreen(popup, size, `the overview with the report for CaseScope's maintainers, ${what}`, { isCase: false });
          await closePopups(browser);

          // The viewer tab.
          const tab = await browser.newPage();
          await tab.setViewport(size);
          await tab.goto(`chrome-extension://${extensionId}/popup.html?receipt=${RECEIPT}`);
          await tab.waitForSelector(CASE_READY, { timeout: 20000 });
          await check(tab, `the viewer tab, ${what}`, { isCase: true, fold: size.height });
          await tab.close();

          // The viewer over the account page, opened from the case's card.
          server.mode.account = [RECEIPT];
          await page.bringToFront();
          await page.setViewport(size);
          await page.goto('https://my.uscis.gov/account/applicant');
          for (let i = 0; i < 60 && !(await inPageControl(page, RECEIPT)); i++) await sleep(100);
          const frame = await openInPageViewer(page, RECEIPT);
          await frame.waitForSelector(CASE_READY, { timeout: 20000 });
          const fold = await frame.evaluate(() => innerHeight);
          await check(frame, `the frame over the page, ${what}`, { isCase: true, fold });
          await frame.evaluate(() => document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
          await page.setViewport({ width: 1280, height: 800 });

          // The printable record (its print window stubbed: headless Chromium would keep it open).
          const record = await browser.newPage();
          await record.setViewport(size);
          await record.evaluateOnNewDocument(() => { window.print = () => {}; });
          await record.goto(`chrome-extension://${extensionId}/popup.html?receipt=${RECEIPT}&print=1`);
          await record.waitForSelector(`.print-page ${CASE_READY} pre`, { timeout: 20000 });
          await check(record, `the printable record, ${what}`, { isCase: true, fold: size.height });
          await record.close();
        });
      }
    }
  }
});

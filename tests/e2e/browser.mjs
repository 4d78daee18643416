// Launches Debian's Chromium with the built extension and a fake my.uscis.gov,
// and opens the real toolbar popup the way a click on the icon does
// (chrome.action.openPopup() on the active tab). Shared by the end-to-end
// tests, the demo and the benchmarks.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import puppeteer from 'puppeteer-core';
import { startFakeUscis } from './fake-uscis.mjs';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const FIREFOX = process.env.FIREFOX || '/usr/bin/firefox-esr';
/** The extension's moz-extension:// host in Firefox, fixed by a preference so that tests can name its pages. */
export const FIREFOX_UUID = '0b7c1c8e-5d7e-4c65-9d8a-2f1e3c4b5a69';

/**
 * Firefox ESR with the built extension (over WebDriver BiDi), resolving
 * my.uscis.gov to this machine (the fake site must listen on
 * 127.0.0.1:443). `prefs` adds preferences (a language, a download folder).
 */
export async function launchFirefox({ dist, prefs = {} }) {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    acceptInsecureCerts: true,
    extraPrefsFirefox: {
      'network.dns.localDomains': 'my.uscis.gov',
      'extensions.webextensions.uuids': JSON.stringify({ 'casescope@casescope.invalid': FIREFOX_UUID }),
      ...prefs,
    },
  });
  await browser.installExtension(dist);
  return browser;
}

/**
 * A Firefox suite's session: the fake site on 127.0.0.1:443, Firefox with
 * the extension (`prefs`, as [`launchFirefox`]) and its first tab signed in
 * (1000x700), handed to `take` before the tests; all closed after them.
 */
export function firefoxSuite({ dist, prefs = {} }, take) {
  let session = null;
  before(async () => {
    const server = await startFakeUscis({ port: 443 });
    const browser = await launchFirefox({ dist, prefs });
    const page = (await browser.pages())[0] || (await browser.newPage());
    await page.setViewport({ width: 1000, height: 700 });
    await signIn(page);
    session = { server, browser, page };
    take(session);
  });
  after(async () => {
    await session?.browser?.close();
    await session?.server?.close();
  });
}

/**
 * A new Firefox tab showing CaseScope's viewer page for `receipt`, reached
 * from a my.uscis.gov page (the driver may not open an extension page
 * itself: the page does), once the whole case is on screen.
 */
export async function firefoxViewerTab(browser, receipt) {
  const tab = await browser.newPage();
  await tab.setViewport({ width: 1280, height: 800 });
  await tab.goto('https://my.uscis.gov/account/applicant');
  await tab.evaluate((u) => { location.href = u; }, `moz-extension://${FIREFOX_UUID}/popup.html?receipt=${receipt}`);
  await tab.waitForSelector('.case:not([aria-busy]):not([data-from=page]) [data-section=timeline]', { timeout: 20000 });
  return tab;
}

/** Words of CaseScope's own English interface, none of which USCIS sends: none may be left in another language's screens. */
export const ENGLISH_UI_WORDS = ['Summary', 'Raw answers', 'Fetch again', 'At a glance', 'Copy summary',
  'Every field, explained', 'Timeline (newest first)', 'Open in a tab', 'Expand all', 'Theme:', 'days ago', 'Since filing'];

/**
 * `lang` runs the browser in that interface language (Debian's chromium-l10n
 * provides the Spanish one; on Linux Chromium takes it from LANGUAGE).
 */
export async function launch({ dist, port, headless = true, netLog = null, extraArgs = [], lang = null }) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'casescope-profile-'));
  const args = [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--disable-dev-shm-usage',
    `--host-resolver-rules=MAP my.uscis.gov 127.0.0.1:${port}`,
    '--ignore-certificate-errors',
    `--user-data-dir=${profile}`,
  ];
  if (netLog) args.push(`--log-net-log=${netLog}`, '--net-log-capture-mode=Default');
  args.push(...extraArgs);
  const env = { ...process.env };
  if (lang) {
    args.push(`--lang=${lang}`);
    Object.assign(env, { LANGUAGE: lang, LANG: `${lang}.UTF-8`, LC_ALL: '' });
  }
  const browser = await puppeteer.launch({
    env,
    executablePath: CHROMIUM,
    headless,
    enableExtensions: [dist],
    acceptInsecureCerts: true,
    args,
    defaultViewport: { width: 1100, height: 800 },
  });
  const swTarget = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'));
  const extensionId = new URL(swTarget.url()).host;
  const page = (await browser.pages())[0] || (await browser.newPage());
  return { browser, page, extensionId, profile, sw: () => browserWorker(browser) };
}

async function browserWorker(browser) {
  const t = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'));
  return t.worker();
}

/** Opens the toolbar popup for `page`'s tab and returns it as a Page. */
export async function openPopup(browser, page) {
  await closePopups(browser);
  await page.bringToFront();
  const sw = await browserWorker(browser);
  await sw.evaluate('chrome.action.openPopup()');
  const target = await browser.waitForTarget((t) => t.type() === 'page' && t.url().endsWith('/popup.html'), { timeout: 10000 });
  const popup = await target.asPage();
  await popup.waitForSelector('#app .popup');
  return popup;
}

export async function closePopups(browser) {
  for (const t of browser.targets()) {
    if (t.type() === 'page' && t.url().endsWith('/popup.html')) {
      const p = await t.asPage();
      await p.close().catch(() => {});
    }
  }
}

/**
 * Makes CaseScope's background forget the answers it keeps for reuse (30 s,
 * across page reloads), the way a signed-out answer does: through its own
 * protocol, from one of its own pages. For tests that need USCIS to be
 * asked again.
 */
export async function forgetAnswers(browser, extensionId) {
  const tab = await browser.newPage();
  await tab.goto(`chrome-extension://${extensionId}/popup.html`);
  const answer = await tab.evaluate(() => chrome.runtime.sendMessage({
    type: 'Remember', v: 2,
    bundle: { receipt: 'IOE0000000001', via: 'page', fetched_at_ms: Date.now(),
      results: [{ endpoint: 'case', path: '/', status: 401, ms: 0, attempts: 1 }] },
  }));
  await tab.close();
  if (answer?.type !== 'Cancelled') throw new Error(`the background did not forget: ${JSON.stringify(answer)}`);
}

/** What a new case paints first once it is whole (summary and raw viewer). */
export const CASE_READY = '.case:not([aria-busy]):not([data-from=page]) [data-section=raw]';

/** Signs `page` in the way a person does: /oidc/login, the one-time code, then the account page. */
export async function signIn(page) {
  await page.goto('https://my.uscis.gov/oidc/login');
  await Promise.all([page.waitForNavigation(), page.click('#verify')]);
  if (new URL(page.url()).pathname !== '/account/applicant') throw new Error(`sign-in landed on ${page.url()}`);
}

/** Takes `page` to the account page of an account that holds `receipt` alone (`query`: `?csp=strict`, `?cards=html`). */
export async function onAccount(page, server, receipt, query = '') {
  server.mode.account = [receipt];
  await page.goto(`https://my.uscis.gov/account/applicant${query}`);
}

/**
 * The account page of an account that holds `receipt` alone, where a
 * person with one case starts, and the toolbar popup opened on it (with one
 * case it opens that case), waiting for `ready`. With `fresh`, the
 * background's kept answers are forgotten first so USCIS is really asked;
 * `beforeOpen` runs once the page is there. `server`: the fake site, whose
 * account is set to that one case.
 */
export async function openCasePopup({ browser, page, extensionId, server }, receipt,
  { fresh = true, query = '', ready = CASE_READY, timeout = 20000, beforeOpen = null } = {}) {
  await closePopups(browser); // an open popup would follow the tab to the new page
  if (fresh) await forgetAnswers(browser, extensionId);
  if (!server) throw new Error('openCasePopup needs the fake site, to set the account');
  server.mode.account = [receipt];
  await page.goto(`https://my.uscis.gov/account/applicant${query}`);
  if (beforeOpen) await beforeOpen();
  const popup = await openPopup(browser, page);
  await popup.waitForSelector(ready, { timeout });
  // Past the account page's own copy, which is shown before USCIS answers.
  await popup.waitForFunction(() => !document.querySelector('.case[data-from=page]'), { timeout });
  return popup;
}

/** Every request recorded in a Chromium NetLog: [{url, initiator}]. */
export function netLogRequests(file) {
  const text = fs.readFileSync(file, 'utf8').trim();
  let log;
  try {
    log = JSON.parse(text);
  } catch {
    // A log cut short by a still-running browser lacks the closing brackets.
    log = JSON.parse(`${text.replace(/,?\s*$/, '')}]}`);
  }
  const typeId = log.constants.logEventTypes.URL_REQUEST_START_JOB;
  return log.events
    .filter((e) => e.type === typeId && e.params && e.params.url)
    .map((e) => ({ url: e.params.url, initiator: e.params.initiator || 'not an origin' }));
}

/** The in-page control's button node (it lives in a closed shadow root, so it
 * is found the way DevTools finds it), or null. */
async function findControl(cdp, receipt = null) {
  const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
  const walk = (n, out = []) => {
    out.push(n);
    for (const c of [...(n.children || []), ...(n.shadowRoots || [])]) walk(c, out);
    return out;
  };
  const attr = (n, name) => { const a = n.attributes || []; const i = a.indexOf(name); return i < 0 ? null : a[i + 1]; };
  return walk(root).find((n) => n.nodeName === 'BUTTON' && attr(n, 'data-casescope') === 'open'
    && (!receipt || attr(n, 'data-receipt') === receipt)) || null;
}

/** The in-page control's button (`receipt`'s, or the first): { hidden, text, kind } or null. */
export async function inPageControl(page, receipt = null) {
  const cdp = await page.createCDPSession();
  await cdp.send('DOM.enable');
  const b = await findControl(cdp, receipt);
  await cdp.detach();
  const text = b?.children?.find((c) => c.nodeType === 3)?.nodeValue ?? '';
  const attrs = b?.attributes || [];
  return b ? { hidden: attrs.includes('hidden'), text, kind: attrs[attrs.indexOf('class') + 1] } : null;
}

/**
 * Clicks `receipt`'s control in its card through its host's box (where the
 * driver cannot look into its closed shadow root: Firefox over BiDi).
 */
export async function clickControlBox(page, receipt) {
  const box = await page.evaluate((r) => {
    const host = document.querySelector(`casescope-control[data-receipt="${r}"]`);
    host.scrollIntoView({ block: 'center' });
    const b = host.getBoundingClientRect();
    return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
  }, receipt);
  await page.mouse.click(box.x, box.y);
}

/**
 * CaseScope's frame over `page` for `receipt`, found by its address (Firefox
 * lists the extension frame with its first URL, about:blank, but evaluates
 * inside it).
 */
export async function viewerFrame(page, receipt) {
  for (let i = 0; i < 100; i++) {
    for (const f of page.frames().filter((f) => f !== page.mainFrame())) {
      const at = await f.evaluate(() => location.href).catch(() => '');
      if (at.includes(`/popup.html?receipt=${receipt}&embedded=1`)) return f;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('no CaseScope frame over the page');
}

/** Clicks `receipt`'s in-page CaseScope control on `page` (in its card, or the floating one) and returns the viewer frame. */
export async function openInPageViewer(page, receipt) {
  const cdp = await page.createCDPSession();
  await cdp.send('DOM.enable');
  let button = null;
  for (let i = 0; i < 50 && !button; i++) {
    button = await findControl(cdp, receipt);
    if (!button) await new Promise((r) => setTimeout(r, 100));
  }
  if (!button) throw new Error('the CaseScope control is not on the page');
  await cdp.send('DOM.scrollIntoViewIfNeeded', { nodeId: button.nodeId });
  const { model } = await cdp.send('DOM.getBoxModel', { nodeId: button.nodeId });
  const [x1, y1, , , x3, y3] = model.content;
  await page.mouse.click((x1 + x3) / 2, (y1 + y3) / 2);
  await cdp.detach();
  for (let i = 0; i < 100; i++) {
    const f = page.frames().find((fr) => fr.url().includes(`/popup.html?receipt=${receipt}&embedded=1`));
    if (f) return f;
    await new Promise((r) => setTimeout(r, 100));
  }
  return null;
}

/**
 * The fake site, Chromium with the extension (clipboard allowed for its
 * pages), and the tab signed in: what every end-to-end suite starts from.
 */
export async function signedInSession({ dist, netLog = null, lang = null } = {}) {
  const server = await startFakeUscis();
  const session = await launch({ dist, port: server.port, netLog, lang });
  await session.browser.defaultBrowserContext().overridePermissions(`chrome-extension://${session.extensionId}`,
    ['clipboard-read', 'clipboard-sanitized-write']);
  await signIn(session.page);
  return { server, ...session };
}

/**
 * A suite's one signed-in session: started before its tests (handed to
 * `take`), browser and fake site closed after them.
 */
export function signedInSuite(options, take) {
  let session = null;
  before(async () => {
    session = await signedInSession(options);
    take(session);
  });
  after(async () => {
    await session?.browser?.close();
    await session?.server?.close();
  });
}

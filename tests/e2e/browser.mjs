// Launches Debian's Chromium with the built extension and a fake my.uscis.gov,
// and opens the real toolbar popup the way a click on the icon does
// (chrome.action.openPopup() on the active tab). Shared by the end-to-end
// tests, the demo and the benchmarks.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

export async function launch({ dist, port, headless = true, netLog = null }) {
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
  const browser = await puppeteer.launch({
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

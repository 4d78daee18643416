// ./build.sh demo: the fake my.uscis.gov and Chromium with CaseScope loaded,
// signed in on the account page, so anyone can see CaseScope work without a USCIS
// account. With a display, a window stays open until Ctrl-C; without one,
// screenshots of the page and the popup are written to dist/demo/.
import fs from 'node:fs';
import path from 'node:path';
import { startFakeUscis } from './fake-uscis.mjs';
import { inPageControl, launch, openPopup, signIn } from './browser.mjs';

const dist = path.resolve(process.argv[2] || 'dist/casescope');
const outDir = path.resolve(dist, '..', 'demo');
const receipt = process.env.DEMO_RECEIPT || 'IOE0912345678';
const headless = !process.env.DISPLAY;

const server = await startFakeUscis();
const { browser, page } = await launch({ dist, port: server.port, headless });
// An account with the one case, as a person with one case sees it (DEMO_RECEIPT picks it).
server.mode.account = [receipt];
await signIn(page);
console.log(`Fake my.uscis.gov is serving ${server.cases.size} cases; signed in on https://my.uscis.gov/account/applicant (account with ${receipt})`);

if (headless) {
  fs.mkdirSync(outDir, { recursive: true });
  // The account page with CaseScope's control in the case's card (it
  // appears once the page has drawn its cards and the background has
  // recognised them).
  for (let i = 0; i < 50 && !(await inPageControl(page)); i++) await new Promise((r) => setTimeout(r, 100));
  await page.screenshot({ path: path.join(outDir, 'account-page.png') });
  const popup = await openPopup(browser, page);
  await popup.waitForSelector('.case:not([aria-busy]):not([data-from=page]) [data-section=stages]');
  // The first screen at the popup's width (its 480 px and 600 px fold),
  // and on a phone (360 px, as Firefox for Android shows it full screen):
  // the README's pictures, made here so that they stay true.
  await popup.screenshot({ path: path.join(outDir, 'popup.png'), clip: { x: 0, y: 0, width: 480, height: 600 }, captureBeyondViewport: true });
  // The same first screen in Chinese (the language chosen as a person
  // would, with the header's choice), for README.zh-CN.md.
  await popup.click('[data-lang-switch=zh]');
  await popup.waitForFunction(() => document.documentElement.lang === 'zh-Hans');
  await popup.screenshot({ path: path.join(outDir, 'popup-zh.png'), clip: { x: 0, y: 0, width: 480, height: 600 }, captureBeyondViewport: true });
  await popup.click('[data-lang-switch=en]');
  await popup.waitForFunction(() => document.documentElement.lang === 'en');
  const html = await popup.evaluate(() => document.documentElement.outerHTML);
  const phone = await browser.newPage();
  await phone.setViewport({ width: 360, height: 740, isMobile: true, hasTouch: true, deviceScaleFactor: 1 });
  await phone.setContent(html.replace(/<script[^>]*><\/script>/g, ''));
  await phone.screenshot({ path: path.join(outDir, 'phone.png') });
  const pictures = path.resolve(dist, '../../docs/screenshots');
  fs.mkdirSync(pictures, { recursive: true });
  for (const f of ['popup.png', 'phone.png', 'popup-zh.png']) fs.copyFileSync(path.join(outDir, f), path.join(pictures, f));
  console.log(`No display: screenshots written to ${outDir}/ (account-page.png, popup.png, phone.png, popup-zh.png); the README's in docs/screenshots/`);
  await browser.close();
  await server.close();
} else {
  await openPopup(browser, page).catch(() => {});
  console.log('Click the CaseScope icon in the toolbar, or the CaseScope control in a case card. Press Ctrl-C to stop.');
  process.on('SIGINT', async () => { await browser.close(); await server.close(); process.exit(0); });
}

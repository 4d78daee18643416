// The store listing's material, made from the demo (the fake my.uscis.gov
// and the real extension), never drawn by hand, so that it stays true:
//   node tests/e2e/store.mjs DIST OUT
// writes OUT/<lang>/ for English and Spanish: the text of store/<lang>/,
// five screenshots at 1280x800 (the account overview, the decoded case, the
// raw viewer, masking on, the printable record), the 440x280 promo tile;
// and OUT/icon-128.png. ./build.sh release calls it; store.test.mjs checks
// its limits and sizes.
import fs from 'node:fs';
import path from 'node:path';
import url from 'node:url';
import zlib from 'node:zlib';
import { startFakeUscis } from './fake-uscis.mjs';
import { closePopups, inPageControl, launch, openInPageViewer, openPopup, signIn } from './browser.mjs';

const ROOT = path.resolve(path.dirname(url.fileURLToPath(import.meta.url)), '../..');
export const LANGS = ['en', 'es'];
// The listing's text in every language; the pictures (LANGS) wait for a
// CJK font installed by the build's own steps (issue 31).
export const TEXT_LANGS = [...LANGS, 'zh_CN'];
export const STORE = path.join(ROOT, 'store');
export const SCREEN = { width: 1280, height: 800 };
export const TILE = { width: 440, height: 280 };

/** Every text field of a listing with its limit in characters (store/README.md says where each goes). */
export const FIELDS = {
  'name.txt': 50,
  'short-description.txt': 132,
  'amo-summary.txt': 250,
  'description.txt': 16000,
  'single-purpose.txt': 1000,
  'permission-storage.txt': 1000,
  'permission-host.txt': 1000,
  'remote-code.txt': 1000,
  'privacy.txt': 16000,
  'promo.txt': 100, // two short lines on the promo tile
};
export const text = (lang, field) => fs.readFileSync(path.join(STORE, lang, field), 'utf8').trim();

/** Width and height of a PNG, from its header. */
export function pngSize(file) {
  const b = fs.readFileSync(file);
  if (b.toString('latin1', 1, 4) !== 'PNG') throw new Error(`${file} is not a PNG`);
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

/** The pixels of an 8-bit RGBA PNG (as draw.py writes the icons): rows of [r, g, b, a]. */
export function pngPixels(file) {
  const b = fs.readFileSync(file);
  const { width, height } = pngSize(file);
  if (b[24] !== 8 || b[25] !== 6) throw new Error(`${file}: not 8-bit RGBA`);
  const idat = [];
  for (let at = 8; at < b.length;) {
    const len = b.readUInt32BE(at);
    const type = b.toString('latin1', at + 4, at + 8);
    if (type === 'IDAT') idat.push(b.subarray(at + 8, at + 8 + len));
    at += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const rows = [];
  let prev = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = Buffer.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let i = 0; i < stride; i++) {
      const a = i >= 4 ? line[i - 4] : 0;
      const up = prev[i];
      const c = i >= 4 ? prev[i - 4] : 0;
      const p = a + up - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - up) && Math.abs(p - a) <= Math.abs(p - c) ? a
        : Math.abs(p - up) <= Math.abs(p - c) ? up : c;
      line[i] = (line[i] + [0, a, up, (a + up) >> 1, paeth][filter]) & 255;
    }
    rows.push(Array.from({ length: width }, (_, x) => [...line.subarray(x * 4, x * 4 + 4)]));
    prev = line;
  }
  return rows;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const THREE = ['IOE0912345678', 'IOE0887654321', 'IOE0955500011'];
const RECEIPT = THREE[0];
const WHOLE = '.case:not([aria-busy]):not([data-from=page]) [data-section=raw]';

/** A picture made from HTML (the toolbar popup over the page, the promo tile), at `size`. */
async function render(browser, html, size, file) {
  const p = await browser.newPage();
  await p.setViewport(size);
  await p.setContent(html, { waitUntil: 'load' });
  await p.screenshot({ path: file, clip: { x: 0, y: 0, ...size } });
  await p.close();
}
const dataUrl = (buf) => `data:image/png;base64,${buf.toString('base64')}`;

/** The toolbar popup as a person sees it: over the account page, below the toolbar's right end. */
async function popupOverPage(browser, page, popup, file) {
  // The size Chromium gives it (its page's 480 px, at most 600 tall);
  // headless Chromium's popup window is smaller, so the rest is drawn beyond it.
  await sleep(200);
  const height = await popup.evaluate(() => Math.min(600, document.documentElement.scrollHeight));
  const front = await popup.screenshot({ clip: { x: 0, y: 0, width: 480, height }, captureBeyondViewport: true });
  const back = await page.screenshot();
  await render(browser, `<body style="margin:0;background:url(${dataUrl(back)}) no-repeat">
    <img src="${dataUrl(front)}" style="position:absolute;right:16px;top:8px;border:1px solid #8a94a6;border-radius:8px;
      box-shadow:0 12px 40px rgba(0,0,0,.35)"></body>`, SCREEN, file);
}

/** The pictures of one language. */
async function pictures(dist, lang, out) {
  const server = await startFakeUscis();
  const { browser, page, extensionId } = await launch({ dist, port: server.port, lang });
  try {
    await page.setViewport(SCREEN);
    await signIn(page);
    const account = async (receipts) => {
      server.mode.account = receipts;
      await page.goto('https://my.uscis.gov/account/applicant');
      for (let i = 0; i < 60 && !(await inPageControl(page)); i++) await sleep(100);
    };

    // 1. The account overview: three cases, each status checked.
    await account(THREE);
    let popup = await openPopup(browser, page);
    await popup.waitForSelector('[data-action=check-all]', { timeout: 20000 });
    await popup.click('[data-action=check-all]');
    await popup.waitForSelector('[data-state=checked]', { timeout: 60000 });
    await popupOverPage(browser, page, popup, path.join(out, '1-account.png'));
    await closePopups(browser);

    // 2. The decoded case, over the account page, opened from its card.
    await account([RECEIPT]);
    const frame = await openInPageViewer(page, RECEIPT);
    await frame.waitForSelector(WHOLE, { timeout: 20000 });
    await sleep(300);
    await page.screenshot({ path: path.join(out, '2-case.png') });
    await frame.evaluate(() => document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));

    // 3. The raw viewer, in the viewer tab: the answers exactly as sent.
    const tab = await browser.newPage();
    await tab.setViewport(SCREEN);
    await tab.goto(`chrome-extension://${extensionId}/popup.html?receipt=${RECEIPT}`);
    await tab.waitForSelector(WHOLE, { timeout: 20000 });
    await tab.$eval('[data-section=raw]', (e) => e.scrollIntoView({ block: 'start' }));
    await sleep(300);
    await tab.screenshot({ path: path.join(out, '3-raw.png') });
    await tab.close();

    // 4. Masking on: what a screenshot for a forum shows.
    await page.bringToFront();
    popup = await openPopup(browser, page);
    await popup.waitForSelector(WHOLE, { timeout: 20000 });
    await popup.click('[data-action=mask]');
    await popup.waitForSelector('[data-state=masked]');
    await popupOverPage(browser, page, popup, path.join(out, '4-masked.png'));
    // The choice is kept: back off (the popup closed as the picture was made).
    await page.bringToFront();
    popup = await openPopup(browser, page);
    await popup.waitForSelector('[data-state=masked]', { timeout: 20000 });
    await popup.click('[data-action=mask]');
    await popup.waitForFunction(() => !document.querySelector('[data-state=masked]'));
    await closePopups(browser);

    // 5. The printable record (its print window stubbed: headless Chromium would keep it open).
    const record = await browser.newPage();
    await record.setViewport(SCREEN);
    await record.evaluateOnNewDocument(() => { window.print = () => {}; });
    await record.goto(`chrome-extension://${extensionId}/popup.html?receipt=${RECEIPT}&print=1`);
    await record.waitForSelector(`.print-page ${WHOLE} pre`, { timeout: 20000 });
    await sleep(300);
    await record.screenshot({ path: path.join(out, '5-print.png') });
    await record.close();

    // The promo tile: the icon, the name and one line, in the brand's blue.
    const icon = fs.readFileSync(path.join(dist, 'icons/icon-128.png'));
    const [line, small] = text(lang, 'promo.txt').split('\n');
    const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    await render(browser, `<html lang="${lang}"><body style="margin:0;width:440px;height:280px;background:#14468c;color:#fff;
      font-family:system-ui,sans-serif;display:flex;align-items:center;gap:18px;padding:0 28px;box-sizing:border-box">
      <div style="background:#fff;border-radius:30px;width:124px;height:124px;flex:none;display:grid;place-items:center">
        <img src="${dataUrl(icon)}" width="150" height="150" alt=""></div>
      <div><div style="font:700 34px/1.1 system-ui,sans-serif">CaseScope</div>
      <div style="font:500 18px/1.3 system-ui,sans-serif;margin-top:10px">${esc(line)}</div>
      <div style="font:400 13px/1.3 system-ui,sans-serif;margin-top:12px;opacity:.85">${esc(small ?? '')}</div></div></body></html>`,
    TILE, path.join(out, 'promo-440x280.png'));
  } finally {
    await browser.close();
    await server.close();
  }
}

/** Writes the whole listing material to `out`. */
export async function makeListing(dist, out) {
  fs.mkdirSync(out, { recursive: true });
  fs.copyFileSync(path.join(STORE, 'README.md'), path.join(out, 'README.md'));
  fs.copyFileSync(path.join(dist, 'icons/icon-128.png'), path.join(out, 'icon-128.png'));
  for (const lang of TEXT_LANGS) {
    const dir = path.join(out, lang);
    fs.mkdirSync(dir, { recursive: true });
    for (const field of Object.keys(FIELDS)) fs.copyFileSync(path.join(STORE, lang, field), path.join(dir, field));
    if (LANGS.includes(lang)) await pictures(dist, lang, dir);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === url.fileURLToPath(import.meta.url)) {
  const [dist, out] = process.argv.slice(2);
  await makeListing(path.resolve(dist || 'dist/casescope'), path.resolve(out || 'dist/release/store'));
  console.log(`Listing material written to ${path.resolve(out || 'dist/release/store')}`);
}

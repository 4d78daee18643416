// ./build.sh bench: prints size and speed figures for the built extension.
// Figures, not pass/fail: timings on a shared 2-core machine vary.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { startFakeUscis } from './fake-uscis.mjs';
import { closePopups, launch, openPopup } from './browser.mjs';

const dist = path.resolve(process.argv[2] || 'dist/casescope');
const RUNS = Number(process.env.BENCH_RUNS || 7);
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const wasm = fs.readFileSync(path.join(dist, 'pkg/casescope_bg.wasm'));
console.log('Sizes');
console.log(`  casescope_bg.wasm      ${kb(wasm.length)} (${kb(zlib.gzipSync(wasm, { level: 9 }).length)} gzipped)`);
console.log(`  casescope.js (glue)    ${kb(fs.statSync(path.join(dist, 'pkg/casescope.js')).size)}`);
for (const f of fs.readdirSync(path.dirname(dist)).filter((f) => f.endsWith('.zip'))) {
  console.log(`  ${f.padEnd(22)} ${kb(fs.statSync(path.join(path.dirname(dist), f)).size)}`);
}

const server = await startFakeUscis();
const { browser, page } = await launch({ dist, port: server.port });
await page.goto('https://my.uscis.gov/login');

async function timeToSummary(url) {
  await page.goto(url);
  const t0 = Date.now();
  const popup = await openPopup(browser, page);
  await popup.waitForSelector('[data-section=summary]');
  const ms = Date.now() - t0;
  const via = await popup.$eval('[data-via]', (e) => e.dataset.via);
  await closePopups(browser);
  return { ms, via };
}

console.log(`\nPopup: icon click to decoded summary on screen (median of ${RUNS}, first run included)`);
for (const [label, url] of [
  ['in-page fetch', 'https://my.uscis.gov/account/case/IOE0912345678'],
  ['strict CSP, background fetch', 'https://my.uscis.gov/account/case/IOE0912345678?csp=strict'],
]) {
  const runs = [];
  let via = '';
  for (let i = 0; i < RUNS; i++) ({ ms: runs[i], via } = await timeToSummary(url));
  console.log(`  ${label.padEnd(30)} ${median(runs)} ms (first ${runs[0]} ms, via ${via})`);
}
await browser.close();
await server.close();

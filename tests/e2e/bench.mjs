// ./build.sh bench: prints size and speed figures for the built extension.
// Figures, not pass/fail: timings on a shared 2-core machine vary.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { BIG_CASES, startFakeUscis } from './fake-uscis.mjs';
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
// The viewer against the baseline a person gets opening the raw URL
// (JSON.parse + JSON.stringify(v, null, 2) into a <pre>), same run, same body.
const { extensionId } = await (async () => ({ extensionId: new URL((await browser.waitForTarget((t) => t.type() === 'service_worker')).url()).host }))();
async function measure(url, ready) {
  const tab = await browser.newPage();
  const cdp = await tab.createCDPSession();
  await cdp.send('Performance.enable');
  await tab.goto(url);
  const ms = await ready(tab);
  const { metrics } = await cdp.send('Performance.getMetrics');
  const heap = metrics.find((m) => m.name === 'JSHeapUsedSize').value;
  await tab.close();
  return { ms, heap };
}
const mb = (n) => `${(n / 1024 / 1024).toFixed(1)} MB`;
console.log(`\nViewer first paint vs baseline (median of ${Math.min(RUNS, 5)}; JS heap used after paint; the viewer's WebAssembly memory is not in the JS heap)`);
console.log('  body      viewer (tab)          baseline (<pre>)');
for (const [receipt, size] of Object.entries(BIG_CASES)) {
  const viewer = [];
  const baseline = [];
  for (let i = 0; i < Math.min(RUNS, 5); i++) {
    viewer.push(await measure(`chrome-extension://${extensionId}/viewer.html?receipt=${receipt}`, async (t) => {
      await t.waitForSelector('[data-viewer] [role=tree]', { timeout: 60000 });
      return t.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(performance.now()))));
    }));
    baseline.push(await measure(`https://my.uscis.gov/__baseline/${receipt}`, async (t) => {
      await t.waitForFunction(() => window.__painted !== undefined, { timeout: 60000 });
      return t.evaluate(() => performance.timing.responseEnd - performance.timing.navigationStart + window.__painted);
    }));
  }
  const v = { ms: median(viewer.map((x) => x.ms)), heap: median(viewer.map((x) => x.heap)) };
  const b = { ms: median(baseline.map((x) => x.ms)), heap: median(baseline.map((x) => x.heap)) };
  console.log(`  ${kb(size).padEnd(9)} ${`${v.ms.toFixed(0)} ms, ${mb(v.heap)}`.padEnd(21)} ${b.ms.toFixed(0)} ms, ${mb(b.heap)}`);
}
await browser.close();
await server.close();

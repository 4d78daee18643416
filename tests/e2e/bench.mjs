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
// Both are timed the same way, inside the page: a MutationObserver installed
// before any of the page's scripts notes when the content is in the document,
// and the time is taken in a task queued from the next frame callback, that
// is once the frame showing it has been drawn; 0 is the start of navigation.
const { extensionId } = await (async () => ({ extensionId: new URL((await browser.waitForTarget((t) => t.type() === 'service_worker')).url()).host }))();
const paintedWhen = (marks) => `(() => {
  window.__painted = {};
  const marks = ${JSON.stringify(marks)};
  const seen = new Set();
  const check = () => {
    for (const [name, sel] of Object.entries(marks)) {
      if (seen.has(name) || !document.querySelector(sel)) continue;
      seen.add(name);
      requestAnimationFrame(() => setTimeout(() => { window.__painted[name] = performance.now(); }, 0));
    }
    if (seen.size === Object.keys(marks).length) mo.disconnect();
  };
  const mo = new MutationObserver(check);
  mo.observe(document, { childList: true, subtree: true });
})()`;
async function measure(url, marks) {
  const tab = await browser.newPage();
  const cdp = await tab.createCDPSession();
  await cdp.send('Performance.enable');
  await tab.evaluateOnNewDocument(paintedWhen(marks));
  await tab.goto(url);
  await tab.waitForFunction((n) => Object.keys(window.__painted).length === n, { timeout: 60000 }, Object.keys(marks).length);
  const times = await tab.evaluate(() => window.__painted);
  const { metrics } = await cdp.send('Performance.getMetrics');
  const heap = metrics.find((m) => m.name === 'JSHeapUsedSize').value;
  await tab.close();
  return { ...times, heap };
}
const mb = (n) => `${(n / 1024 / 1024).toFixed(1)} MB`;
const VIEWER_RUNS = Math.max(RUNS, 5);
console.log(`\nViewer first paint vs baseline (median of ${VIEWER_RUNS}, ms from navigation start; JS heap used after paint; the viewer's WebAssembly memory is not in the JS heap)`);
console.log('  body        viewer (tab)          baseline (<pre>)   viewer - baseline, pair by pair   whole decoded case on screen');
for (const [receipt, size] of Object.entries(BIG_CASES)) {
  const viewer = [];
  const baseline = [];
  for (let i = 0; i < VIEWER_RUNS; i++) {
    // Alternate which goes first, so that neither always gets a warmer machine.
    const v = () => measure(`chrome-extension://${extensionId}/viewer.html?receipt=${receipt}`,
      { tree: '[data-viewer] [role=tree]', whole: '[data-section=glance]' }).then((x) => viewer.push(x));
    const b = () => measure(`https://my.uscis.gov/__baseline/${receipt}`, { tree: '#out:not(:empty)' }).then((x) => baseline.push(x));
    if (i % 2) await b().then(v);
    else await v().then(b);
  }
  const m = (xs, k) => median(xs.map((x) => x[k]));
  const vText = `${m(viewer, 'tree').toFixed(0)} ms, ${mb(m(viewer, 'heap'))}`;
  const bText = `${m(baseline, 'tree').toFixed(0)} ms, ${mb(m(baseline, 'heap'))}`;
  // Each pair ran back to back, so the machine's drift cancels out in the
  // difference; the middle half of the differences shows the spread.
  const d = viewer.map((v, i) => v.tree - baseline[i].tree).sort((x, y) => x - y);
  const q = (f) => d[Math.floor((d.length - 1) * f)];
  const sign = (x) => `${x > 0 ? '+' : ''}${x.toFixed(0)}`;
  const dText = `${sign(q(0.5))} ms (middle half ${sign(q(0.25))} to ${sign(q(0.75))})`;
  console.log(`  ${kb(size).padEnd(11)} ${vText.padEnd(21)} ${bText.padEnd(18)} ${dText.padEnd(33)} ${m(viewer, 'whole').toFixed(0)} ms`);
}
await browser.close();
await server.close();

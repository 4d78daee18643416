// A fake my.uscis.gov for tests and the demo, over HTTPS with a certificate
// made at run time. It reproduces the real site as far as other tools have
// read it (../shared/docs/API-NOTES.md, "Where the site shows cases"), and
// only that: sign-in starts at /oidc/login and lands on the account page,
// /account/applicant, a React app whose case cards its script draws after
// load from the cases' data embedded in the page (see accountPage below);
// an HttpOnly, Secure, SameSite=Lax session cookie; the API answers 401
// without it, and serves the fixture cases on the observed paths, byte for
// byte. `mode.account` lists the receipts on the signed-in account (all
// the fixture cases by default), `mode.cards = 'html'` (or `?cards=html`)
// also puts the cards in the HTML, which the script then draws again, and
// `mode.drawMs` is when the script draws them; `mode.layout` (or
// `?layout=`) is one of LAYOUTS: today's `region_` cards ('id'), cards with
// no ids, roles or data ('text'), or those with the concurrent filing
// grouped ('grouped'); `mode.data = 'truncated'` cuts the page's data short,
// `'none'` leaves it out. Switches: `server.mode.paths = 'short'` moves the API to the short
// paths (observed ones answer 404), `?csp=strict` (or mode.csp = 'strict')
// sends a strict Content-Security-Policy on pages, `mode.delayMs` slows API
// answers, and `mode.faults[endpoint] = 'kind'` (or `{kind, times}`) makes
// one endpoint misbehave (see FAULTS) while the others answer normally.
// `IOE0999999999` is a hostile case: every string of the i485 fixture
// replaced by markup, script URLs, bidi overrides, huge and broken text.
// Every request is recorded in `server.requests`; `server.endSessions()`
// ends every session while the pages stay open.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const FIXTURES = path.resolve(HERE, '..', 'fixtures');
export const STRICT_CSP = "default-src 'self'; script-src 'self'";
const COOKIE = 'uscis_session';

function makeCert() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casescope-cert-'));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
    '-subj', '/CN=my.uscis.gov', '-addext', 'subjectAltName=DNS:my.uscis.gov',
    '-keyout', key, '-out', cert], { stdio: 'ignore' });
  return { key: fs.readFileSync(key), cert: fs.readFileSync(cert) };
}

function receiptOf(file) {
  const v = JSON.parse(fs.readFileSync(file, 'utf8'));
  return (v && v.data && v.data.receiptNumber) || (v && v.receiptNumber);
}

/** Loads every fixture case: receipt -> {name, bodies: {cases, case_status, receipt_info, documents}, personal}. */
export function loadCases(dir = FIXTURES) {
  const cases = new Map();
  for (const name of fs.readdirSync(dir)) {
    const full = path.join(dir, name);
    if (!fs.statSync(full).isDirectory()) continue;
    if (name === 'real') {
      for (const f of fs.readdirSync(full).filter((f) => f.endsWith('.json'))) {
        const file = path.join(full, f);
        cases.set(receiptOf(file), { name: `real/${f}`, bodies: { cases: fs.readFileSync(file) } });
      }
      continue;
    }
    const bodies = {};
    for (const key of ['cases', 'case_status', 'receipt_info', 'documents']) {
      const file = path.join(full, `${key}.json`);
      if (fs.existsSync(file)) bodies[key] = fs.readFileSync(file);
    }
    // The personal strings planted in the case, for the masking tests.
    const listed = path.join(full, 'personal.txt');
    const personal = fs.existsSync(listed)
      ? fs.readFileSync(listed, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))
      : [];
    cases.set(receiptOf(path.join(full, 'cases.json')), { name, bodies, personal });
  }
  return cases;
}

export const API = [
  { key: 'cases', observed: /^\/account\/case-service\/api\/cases\/([A-Z]{3}\d{10})$/, short: /^\/api\/cases\/([A-Z]{3}\d{10})$/ },
  { key: 'case_status', observed: /^\/account\/case-service\/api\/case_status\/([A-Z]{3}\d{10})$/, short: /^\/api\/case_status\/([A-Z]{3}\d{10})$/ },
  { key: 'receipt_info', observed: /^\/secure-messaging\/api\/case-service\/receipt_info\/([A-Z]{3}\d{10})$/, short: /^\/api\/receipt_info\/([A-Z]{3}\d{10})$/ },
  { key: 'documents', observed: /^\/account\/case-service\/api\/cases\/([A-Z]{3}\d{10})\/documents$/, short: /^\/api\/cases\/([A-Z]{3}\d{10})\/documents$/ },
];

/** The faults an endpoint can be switched to. */
export const FAULTS = ['401', '403', 'redirect-sign-in', 'html-sign-in', '429', '429-retry-after', '500', '502', '503',
  'hang', 'reset', 'malformed', 'truncated', 'empty', '204', 'data-null', 'huge', 'trickle'];

export const HOSTILE_RECEIPT = 'IOE0999999999';
/** Large cases for the viewer tests and benchmarks: receipt -> body size in bytes. */
export const BIG_CASES = { IOE0000100000: 100 * 1024, IOE0001000000: 1024 * 1024, IOE0005000000: 5 * 1024 * 1024 };
/** A family's or an attorney's account of 20 cases (copies of the I-485 fixture), for the bench. */
export const MANY_CASES = Array.from({ length: 20 }, (_, i) => `IOE07000000${String(i).padStart(2, '0')}`);
/** An attorney's account of 200 cases (the page's data then about 4 MB), for the bench. */
export const HUNDREDS_OF_CASES = Array.from({ length: 200 }, (_, i) => `IOE0710000${String(i).padStart(3, '0')}`);

/** A case body of about `size` bytes: the i485 case with many events. */
function bigCase(base, receipt, size) {
  const v = JSON.parse(base.toString('utf8'));
  const one = v.data.events[0];
  const events = [];
  let bytes = 0;
  for (let i = 0; bytes < size; i++) {
    const e = { ...one, receiptNumber: receipt, eventId: `evt-${i}`, eventCode: i % 7 === 0 ? 'IAF' : 'FTA0' };
    events.push(e);
    bytes += JSON.stringify(e).length + 1;
  }
  v.data.receiptNumber = receipt;
  v.data.events = events;
  return Buffer.from(JSON.stringify(v));
}
export const PAYLOADS = [
  '<img src=x onerror="window.__pwned=1">',
  '<script>window.__pwned=2</script>',
  'javascript:window.__pwned=3',
  '\u202eevil\u202c text',
  'A'.repeat(10000),
  'broken \ud800 surrogate',
  '"><svg onload=window.__pwned=4>',
  '<a href="javascript:window.__pwned=5">click</a>',
];

function hostile(value, counter = { i: 0 }) {
  if (typeof value === 'string') return PAYLOADS[counter.i++ % PAYLOADS.length];
  if (Array.isArray(value)) return value.map((v) => hostile(v, counter));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, hostile(v, counter)]));
  }
  return value;
}

const SIGN_IN_HTML = '<!doctype html><html><head><title>Sign In</title></head><body><form action="/login"><h1>Sign in to myUSCIS</h1><input name="email"><button>Sign In</button></form></body></html>';

async function fault(kind, req, res, body, send, record) {
  const json = { 'content-type': 'application/json' };
  switch (kind) {
    case '401': case '403': case '500': case '502': case '503':
      return send(Number(kind), json, `{"error":"HTTP ${kind}"}`);
    case 'redirect-sign-in': return send(302, { location: '/sign-in' });
    case 'html-sign-in': return send(200, { 'content-type': 'text/html; charset=utf-8' }, SIGN_IN_HTML);
    case '429': return send(429, json, '{"error":"Too Many Requests"}');
    case '429-retry-after': return send(429, { ...json, 'retry-after': '2' }, '{"error":"Too Many Requests"}');
    case 'hang':
      // No answer for 60 s, then the connection is dropped.
      setTimeout(() => req.socket.destroy(), 60000).unref();
      record.end = null;
      return undefined;
    case 'reset': req.socket.destroy(); record.status = 'reset'; return undefined;
    case 'malformed': return send(200, json, `${body.toString('utf8').slice(0, 60)},, "oops": }`);
    case 'truncated': return send(200, json, body.subarray(0, Math.floor(body.length / 2)));
    case 'empty': return send(200, json, '');
    case '204': return send(204, {});
    case 'data-null': return send(200, json, '{"data": null}');
    case 'huge': {
      const pad = 'x'.repeat(20 * 1024 * 1024);
      return send(200, json, `{"data": {"receiptNumber": "IOE0912345678", "padding": "${pad}"}}`);
    }
    case 'trickle': {
      res.writeHead(200, json);
      const chunks = body.toString('utf8').match(/[\s\S]{1,200}/g) || [];
      for (const c of chunks) {
        res.write(c);
        await new Promise((r) => setTimeout(r, 3000 / chunks.length));
      }
      res.end();
      record.end = Date.now();
      record.status = 200;
      return undefined;
    }
    default: throw new Error(`unknown fault ${kind}`);
  }
}

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title></head>` +
    `<body><header><strong>myUSCIS (test double)</strong></header><main>${body}</main></body></html>`;
}

/**
 * A case as the account page embeds it: the object `/cases/{receipt}`
 * answers under `data`, with the members UUES's `EmbeddedCase` type lists
 * (Alphasite/uues `src/uscis/uscis.ts`) and `isPremiumProcessing` where
 * `/cases` says `isPremiumProcessed`. No status title: that comes only
 * from `/case_status` (API-NOTES).
 */
export function embeddedCase(casesBody, concurrent = []) {
  const v = JSON.parse(casesBody.toString('utf8'));
  const c = v && typeof v === 'object' && 'data' in v ? v.data : v;
  const keys = ['receiptNumber', 'formType', 'formName', 'closed', 'ackedByAdjudicatorAndCms', 'applicantName',
    'actionRequired', 'submissionDate', 'submissionTimestamp', 'updatedAt', 'updatedAtTimestamp', 'notices', 'events',
    'documents', 'evidenceRequests'];
  const out = {};
  for (const k of keys) if (k in c) out[k] = c[k];
  out.isPremiumProcessing = c.isPremiumProcessed ?? false;
  out.concurrentCases = concurrent;
  return out;
}

/** An appointment's instant `days` from today at `hour` UTC, as USCIS writes one (whole hours, ISO). */
export const appointmentAhead = (days, hour) => {
  const DAY = 86400000;
  return new Date(Math.floor(Date.now() / DAY) * DAY + days * DAY + hour * 3600000).toISOString();
};

/**
 * A case's `/cases` body with one more notice: an appointment at `at` (an
 * ISO instant), as USCIS records one (API-NOTES, "notices[]": `letterId`,
 * `generationDate`, `appointmentDateTime` in UTC, `actionType: "Appointment
 * Scheduled"`; the published I-485 sample `fixtures/real/cases-i485-published.json`).
 * The fixtures' own appointments have passed; tests that need one ahead
 * set `mode.appointments[receipt]` to an instant relative to now.
 */
export function withAppointment(casesBody, receipt, at) {
  const v = JSON.parse(casesBody.toString('utf8'));
  const c = v && typeof v === 'object' && 'data' in v ? v.data : v;
  const made = new Date(Date.parse(at) - 30 * 86400000).toISOString();
  const letterId = `77${receipt.slice(-7)}`;
  c.notices = [...(Array.isArray(c.notices) ? c.notices : []),
    { receiptNumber: receipt, letterId, generationDate: made, appointmentDateTime: at, actionType: 'Appointment Scheduled' }];
  return Buffer.from(JSON.stringify(v));
}

/** The fixture whose embedded copy holds nested case objects in `concurrentCases` (UUES's type allows them). */
export const NESTED = { IOE0912345678: ['IOE0887654321'] };

const FORM_TITLE = (c) => [c.formType, c.formName].filter(Boolean).join(', ');
const WHEN = (d) => (d ? new Date(`${d.slice(0, 10)}T00:00:00Z`).toLocaleDateString('en-US',
  { month: 'long', day: 'numeric', year: 'numeric', timeZone: 'UTC' }) : '');

/**
 * One case card, as tpm2dot0/uscis-change-detect `src/lib/dom-detector.ts`
 * reads the live page: `div[role=region][id=region_IOE…]` (classes
 * `uscis-card account-card`) with an `<h3>` form title, then "Submitted on"
 * and "Receipt #". Written the same way by the server (HTML) and by the
 * page's script (CARDS_JS, which has its own copy of this).
 */
function cardHtml(c) {
  return `<div role="region" id="region_${esc(c.receiptNumber)}" class="uscis-card account-card">` +
    `<h3>${esc(FORM_TITLE(c))}</h3><p><b>Submitted on</b> ${esc(WHEN(c.submissionDate))}</p>` +
    `<p><b>Receipt #</b> ${esc(c.receiptNumber)}</p></div>`;
}

/**
 * The same cards as the text-only tools read the page, with no ids, no
 * roles: CaseLens's replica of the account page (itsericqiu/uscis-caselens
 * `test/backdrop.html`, "layout follows the real page's structure";
 * API-NOTES, "Other readings of the account page"): an `<h3>` form title,
 * "Submitted on … | Receipt # IOE…", "Case closed" on a closed case, the
 * tabs, then the status date, USCIS's status title and its text (which
 * names the receipt again) and "Current as of today at 9:14 a.m.".
 * `c.status` is the case's `/case_status` answer, as the card shows it.
 */
function textCardHtml(c) {
  const s = c.status || {};
  const day = s.currentActionCodeDate ? WHEN(s.currentActionCodeDate) : '';
  const text = String(s.statusText || '').replace(/<[^>]*>/g, '');
  return '<div class="case"><div class="head">' +
    (c.closed === true ? '<div class="closed">Case closed</div>' : '') +
    `<h3>${esc(FORM_TITLE(c))}</h3><div class="meta">Submitted on ${esc(WHEN(c.submissionDate))} <span class="sep">|</span> Receipt # ${esc(c.receiptNumber)}</div></div>` +
    '<div class="tabs"><span class="on">Case Status</span><span>Case History</span><span>Documents</span><span>Representative</span></div>' +
    `<div class="body"><div class="date">${esc(day)}</div><p class="status">${esc(s.statusTitle || '')}</p><p>${esc(text)}</p>` +
    '<div class="asof">Current as of today at 9:14 a.m.</div></div></div>';
}

/**
 * The layouts of the account page the fake can show (`mode.layout`, or
 * `?layout=`), each from a source:
 * - `id`: today's reading (tpm2dot0 `dom-detector.ts`, UUES): `region_IOE…`
 *   cards under the CaseCardsApp mount, the page's data embedded;
 * - `text`: cards with no ids, no roles and no embedded data, as the
 *   text-only tools read the page (CaseLens, `textCardHtml`);
 * - `grouped`: the same cards, the concurrent filing grouped under its
 *   label ("Concurrent filing" over a group of cards, CaseLens's replica),
 *   its I-765 closed, the page's data embedded.
 */
export const LAYOUTS = ['id', 'text', 'grouped'];

/** The mount point of the cards (UUES `src/extension/index.tsx`: `[id^="CaseCardsApp-react-component-"]`). */
const MOUNT = 'CaseCardsApp-react-component-7f3c2a9e-1d4b-4e8a-9c6f-2b5d8e0a1f47';

/**
 * The account page's script, served as a file of the site so that it runs
 * under the strict CSP too. Like React, it draws the cards from the
 * embedded JSON some time after load (tpm2dot0 `tests/dom-inspect.test.ts`
 * waits for them), replacing whatever was in the mount point (and so
 * whatever others added to the old nodes); it draws them again on a
 * client-side navigation (`history.pushState`, the header's links) and
 * when a test calls `window.fakeUscis.redraw()`.
 */
const CARDS_JS = `(() => {
  const layout = document.documentElement.dataset.layout || 'id';
  // The text layouts' cards as the server wrote them, drawn again as they were.
  const container = () => document.getElementById('${MOUNT}') || document.querySelector('main .cases');
  const saved = layout === 'id' ? '' : (container()?.innerHTML ?? '');
  const esc = (s) => String(s).replace(/[&<>"']/g, (c) => '&#' + c.charCodeAt(0) + ';');
  const when = ${WHEN.toString()};
  const title = ${FORM_TITLE.toString()};
  const card = ${cardHtml.toString().replace(/FORM_TITLE/g, 'title').replace(/WHEN/g, 'when')};
  const data = () => JSON.parse(document.querySelector('script.js-react-on-rails-component[data-component-name="CaseCardsApp"]')?.textContent || '{"cases":[]}');
  const main = () => document.querySelector('main');
  let redraws = 0;
  function drawCards() {
    const mount = container();
    if (!mount) return;
    const t = document.createElement('template');
    t.innerHTML = layout === 'id' ? data().cases.map(card).join('') : saved;
    mount.replaceChildren(t.content);
    redraws += 1;
    document.documentElement.dataset.cardsDrawn = String(redraws);
  }
  function route(path) {
    const m = main();
    if (path.startsWith('/account/applicant/profile')) {
      m.replaceChildren();
      const h = document.createElement('h1');
      h.textContent = 'Your profile';
      m.append(h);
      return;
    }
    if (!container()) {
      m.replaceChildren();
      const h = document.createElement('h2');
      h.textContent = 'Your cases';
      const mount = document.createElement('div');
      if (layout === 'id') { h.id = 'your-cases'; mount.id = '${MOUNT}'; } else mount.className = 'cases';
      m.append(h, mount);
    }
    setTimeout(drawCards, 300);
  }
  document.addEventListener('click', (e) => {
    const a = e.target.closest('a[data-spa]');
    if (!a) return;
    e.preventDefault();
    history.pushState({}, '', a.getAttribute('href'));
    route(location.pathname);
  });
  window.addEventListener('popstate', () => route(location.pathname));
  window.fakeUscis = { redraw: drawCards, navigate(path) { history.pushState({}, '', path); route(path); } };
  const delay = Number(document.documentElement.dataset.drawMs || 1500);
  if (location.pathname === '/account/applicant') setTimeout(drawCards, delay);
})();
`;

/**
 * The account page. Its data: `script.js-react-on-rails-component
 * [data-component-name="CaseCardsApp"]` with JSON `{"cases": [ … ]}`
 * (tpm2dot0 `tests/api-test.test.ts`; UUES `src/extension/app.tsx`), one
 * element per case of the account (`embeddedCase`). `cards`: 'html' puts
 * the cards in the HTML too (CaseLens `docs/API-SCHEMA.md` reports them
 * server-rendered); the script draws them again either way.
 */
function accountPage({ cases, account, cardsInHtml, drawMs, path, layout = 'id', data = 'full', appointments = {} }) {
  // Each case under the receipt the account lists it by (the hostile
  // case's answers have markup even there; its card must still be found).
  const casesOf = (r) => (appointments[r] ? withAppointment(cases.get(r).bodies.cases, r, appointments[r]) : cases.get(r).bodies.cases);
  const embedded = account.filter((r) => cases.get(r)?.bodies.cases).map((r) => ({
    ...embeddedCase(casesOf(r),
      (NESTED[r] || []).filter((n) => cases.get(n)).map((n) => embeddedCase(cases.get(n).bodies.cases))),
    receiptNumber: r,
  }));
  let json = JSON.stringify({ cases: embedded }).replace(/</g, '\\u003c');
  // A broken deploy: the data script cut short (its cards still drawn).
  if (data === 'truncated') json = json.slice(0, Math.floor(json.length / 2));
  const profile = path.startsWith('/account/applicant/profile');
  let body;
  if (profile) body = '<h1>Your profile</h1>';
  else if (layout === 'id') {
    const cardsHtml = cardsInHtml ? embedded.map(cardHtml).join('') : '';
    body = `<h2 id="your-cases">Your cases</h2><div id="${MOUNT}">${cardsHtml}</div>`;
  } else {
    // What each card shows of its status comes from /case_status.
    const shown = embedded.map((c) => {
      const status = cases.get(c.receiptNumber)?.bodies.case_status;
      return { ...c, status: status ? JSON.parse(status.toString('utf8')).data : null };
    });
    const groups = layout === 'grouped'
      ? shown.filter((c) => NESTED[c.receiptNumber]).map((c) => [c, ...shown.filter((n) => NESTED[c.receiptNumber].includes(n.receiptNumber))])
      : [];
    const grouped = new Set(groups.flat().map((c) => c.receiptNumber));
    const standalone = shown.filter((c) => !grouped.has(c.receiptNumber));
    body = '<h2>Your Cases</h2><div class="cases">' +
      groups.map((g) => `<div class="group"><div class="group-tag">Concurrent filing</div>${g.map(textCardHtml).join('')}</div>`).join('') +
      standalone.map(textCardHtml).join('') + '</div>';
  }
  const script = layout === 'text' || data === 'none' ? ''
    : `<script type="application/json" class="js-react-on-rails-component" data-component-name="CaseCardsApp" data-dom-id="${MOUNT}">${json}</script>`;
  return `<!doctype html><html lang="en" data-draw-ms="${Number(drawMs)}" data-layout="${esc(layout)}"><head><meta charset="utf-8"><title>myUSCIS - Account</title></head>` +
    '<body><header><strong>myUSCIS (test double)</strong> <nav><a data-spa href="/account/applicant">Cases</a> ' +
    '<a data-spa href="/account/applicant/profile">Profile</a></nav></header>' +
    `<main>${body}</main>` + script +
    '<script src="/account/assets/case-cards.js"></script></body></html>';
}


export async function startFakeUscis({ port = 0, host = '127.0.0.1', dir = FIXTURES } = {}) {
  const cases = loadCases(dir);
  const base = cases.get('IOE0912345678');
  if (base) {
    const bodies = Object.fromEntries(Object.entries(base.bodies).map(([k, b]) => [k, Buffer.from(JSON.stringify(hostile(JSON.parse(b.toString('utf8')))))]));
    cases.set(HOSTILE_RECEIPT, { name: 'hostile', bodies, hidden: true });
    for (const [receipt, size] of Object.entries(BIG_CASES)) {
      cases.set(receipt, { name: `big ${size}`, hidden: true, bodies: { ...base.bodies, cases: bigCase(base.bodies.cases, receipt, size) } });
    }
    // Copies of the I-485, each its own case: every answer names its own
    // receipt (the status text too, as USCIS's does).
    for (const receipt of [...MANY_CASES, ...HUNDREDS_OF_CASES]) {
      const bodies = Object.fromEntries(Object.entries(base.bodies)
        .map(([k, b]) => [k, Buffer.from(b.toString('utf8').replaceAll('IOE0912345678', receipt))]));
      cases.set(receipt, { name: 'one of many', hidden: true, bodies });
    }
  }
  const requests = [];
  const allRequests = []; // never reset: the whole session, for privacy checks
  const shownOnAccount = () => [...cases].filter(([, c]) => !c.hidden).map(([r]) => r);
  const mode = { paths: 'observed', csp: 'none', delayMs: 0, faults: {}, account: shownOnAccount(), cards: 'script', drawMs: 1500,
    layout: 'id', data: 'full', appointments: {} };
  const sessions = new Set();

  const server = https.createServer(makeCert(), async (req, res) => {
    const url = new URL(req.url, 'https://my.uscis.gov');
    const cookies = Object.fromEntries((req.headers.cookie || '').split(/;\s*/).filter(Boolean).map((c) => c.split('=')));
    const signedIn = sessions.has(cookies[COOKIE]);
    const record = { method: req.method, path: url.pathname, search: url.search, signedIn,
      secFetchSite: req.headers['sec-fetch-site'], start: Date.now(), end: null };
    requests.push(record);
    allRequests.push(record);
    const send = (status, headers, body = '') => {
      res.writeHead(status, headers);
      res.end(body);
      record.end = Date.now();
      record.status = status;
    };
    const html = (status, title, body, extra = {}) => {
      const csp = mode.csp === 'strict' || url.searchParams.get('csp') === 'strict' ? { 'content-security-policy': STRICT_CSP } : {};
      send(status, { 'content-type': 'text/html; charset=utf-8', ...csp, ...extra }, page(title, body));
    };

    // Sign-in starts at /oidc/login; the one-time code is entered on
    // another host, myaccount.uscis.gov/auth (uscis-prober
    // `src/uscis_auth.py`), which a page of this fake stands in for
    // (/auth). It lands on /account/applicant (tpm2dot0 `tests/login.test.ts`).
    if (url.pathname === '/oidc/login') {
      return send(302, { location: `/auth?next=${encodeURIComponent(url.searchParams.get('next') || '/account/applicant')}` });
    }
    if (url.pathname === '/auth') {
      const next = esc(url.searchParams.get('next') || '/account/applicant');
      return html(200, 'Sign In', `<h1>Sign in to myUSCIS</h1><form action="/auth/verify" method="get">
        <input type="hidden" name="next" value="${next}"><label>One-time code <input name="code" value="000000"></label>
        <button id="verify">Verify</button></form>`);
    }
    if (url.pathname === '/auth/verify') {
      const token = Math.random().toString(36).slice(2);
      sessions.add(token);
      const next = url.searchParams.get('next') || '/account/applicant';
      return send(302, { location: next.startsWith('/') && !next.startsWith('//') ? next : '/account/applicant',
        'set-cookie': `${COOKIE}=${token}; Path=/; HttpOnly; Secure; SameSite=Lax` });
    }
    if (url.pathname === '/logout') {
      sessions.delete(cookies[COOKIE]);
      return send(302, { location: '/sign-in', 'set-cookie': `${COOKIE}=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax` });
    }
    if (url.pathname === '/sign-in' || url.pathname === '/') {
      return html(200, 'Sign in', '<h1>Sign in to myUSCIS</h1><p><a href="/oidc/login">Sign in</a></p>');
    }
    if (url.pathname === '/account/assets/case-cards.js') {
      return send(200, { 'content-type': 'text/javascript; charset=utf-8' }, CARDS_JS);
    }
    if (url.pathname === '/account/applicant' || url.pathname === '/account/applicant/profile') {
      if (!signedIn) return send(302, { location: '/oidc/login' });
      const csp = mode.csp === 'strict' || url.searchParams.get('csp') === 'strict' ? { 'content-security-policy': STRICT_CSP } : {};
      const cardsInHtml = mode.cards === 'html' || url.searchParams.get('cards') === 'html';
      const layout = LAYOUTS.includes(url.searchParams.get('layout')) ? url.searchParams.get('layout') : mode.layout;
      return send(200, { 'content-type': 'text/html; charset=utf-8', ...csp },
        accountPage({ cases, account: mode.account, cardsInHtml, drawMs: mode.drawMs, path: url.pathname, layout, data: mode.data,
          appointments: mode.appointments }));
    }
    // Not a page the live site is known to have: it stands for any other
    // page of the site whose text names one receipt (a message, a notice).
    const other = url.pathname.match(/^\/account\/other-page\/([A-Z]{3}\d{10})$/);
    if (other) {
      if (!signedIn) return send(302, { location: '/oidc/login' });
      return html(200, 'Message',
        `<h1>A message about your case</h1><p id="case-details">Receipt number: ${other[1]}</p><p>Any other page of the site that names one case.</p>`);
    }
    // The baseline of the benchmark: what a person sees opening the raw URL
    // (JSON.parse + JSON.stringify(v, null, 2) into a <pre>).
    const baseline = url.pathname.match(/^\/__baseline\/([A-Z]{3}\d{10})$/);
    if (baseline) {
      return send(200, { 'content-type': 'text/html; charset=utf-8' }, `<!doctype html><meta charset="utf-8"><pre id="out"></pre><script>
        fetch('/account/case-service/api/cases/${baseline[1]}').then((r) => r.text()).then((t) => {
          const pretty = JSON.stringify(JSON.parse(t), null, 2);
          // The heap at its fullest (the parsed value may already be garbage,
          // not yet collected), for the bench: a sampler cannot run inside
          // this task, and once the text is on the page little is left.
          if (performance.memory) window.__heapInTask = performance.memory.usedJSHeapSize;
          document.getElementById('out').textContent = pretty;
        });
      </script>`);
    }
    for (const api of API) {
      const m = url.pathname.match(api.observed) || url.pathname.match(api.short);
      if (!m) continue;
      const onShort = !url.pathname.match(api.observed);
      if ((mode.paths === 'short') !== onShort) {
        return send(404, { 'content-type': 'application/json' }, '{"error":"Not Found"}');
      }
      if (mode.delayMs) await new Promise((r) => setTimeout(r, mode.delayMs));
      if (!signedIn) return send(401, { 'content-type': 'application/json' }, '{"error":"Unauthorized"}');
      const at = api.key === 'cases' && mode.appointments[m[1]];
      const body = at && cases.get(m[1])?.bodies.cases ? withAppointment(cases.get(m[1]).bodies.cases, m[1], at)
        : cases.get(m[1])?.bodies[api.key];
      record.endpoint = api.key;
      const f = mode.faults[api.key];
      if (f) {
        const spec = typeof f === 'string' ? { kind: f, times: Infinity } : f;
        if (spec.times > 0) {
          spec.times -= 1;
          mode.faults[api.key] = spec;
          return fault(spec.kind, req, res, body || Buffer.from('{"data":null}'), send, record);
        }
      }
      if (!body) return send(404, { 'content-type': 'application/json' }, '{"error":"Not Found"}');
      return send(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }, body);
    }
    return html(404, 'Not found', '<h1>Page not found</h1>');
  });

  await new Promise((resolve) => server.listen(port, host, resolve));
  return {
    port: server.address().port,
    cases,
    requests,
    allRequests,
    mode,
    /** The account holds every fixture case again (tests that open one case set `mode.account` to it). */
    everyCase() { mode.account = shownOnAccount(); },
    /** Every session ends on the server (as after 15-30 minutes idle): pages stay open, the API answers 401. */
    endSessions() { sessions.clear(); },
    reset() {
      requests.length = 0;
      Object.assign(mode, { paths: 'observed', csp: 'none', delayMs: 0, faults: {}, account: shownOnAccount(), cards: 'script', drawMs: 1500,
        layout: 'id', data: 'full', appointments: {} });
    },
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }),
  };
}

// Run alone: `node tests/e2e/fake-uscis.mjs [port]`.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const s = await startFakeUscis({ port: Number(process.argv[2] || 8443) });
  console.log(`fake my.uscis.gov on https://127.0.0.1:${s.port} with ${s.cases.size} cases`);
}

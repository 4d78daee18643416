// A fake my.uscis.gov for tests and the demo, over HTTPS with a certificate
// made at run time. It reproduces the real site's authentication model (an
// HttpOnly, Secure, SameSite=Lax session cookie set by /login; the API answers
// 401 without it) and serves the fixture cases on the observed paths, byte
// for byte. Switches: `server.mode.paths = 'short'` moves the API to the short
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

export async function startFakeUscis({ port = 0, host = '127.0.0.1', dir = FIXTURES } = {}) {
  const cases = loadCases(dir);
  const base = cases.get('IOE0912345678');
  if (base) {
    const bodies = Object.fromEntries(Object.entries(base.bodies).map(([k, b]) => [k, Buffer.from(JSON.stringify(hostile(JSON.parse(b.toString('utf8')))))]));
    cases.set(HOSTILE_RECEIPT, { name: 'hostile', bodies, hidden: true });
    for (const [receipt, size] of Object.entries(BIG_CASES)) {
      cases.set(receipt, { name: `big ${size}`, hidden: true, bodies: { ...base.bodies, cases: bigCase(base.bodies.cases, receipt, size) } });
    }
  }
  const requests = [];
  const allRequests = []; // never reset: the whole session, for privacy checks
  const mode = { paths: 'observed', csp: 'none', delayMs: 0, faults: {} };
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

    if (url.pathname === '/login') {
      const token = Math.random().toString(36).slice(2);
      sessions.add(token);
      const next = url.searchParams.get('next') || '/account/applicant';
      return send(302, { location: next.startsWith('/') ? next : '/account/applicant',
        'set-cookie': `${COOKIE}=${token}; Path=/; HttpOnly; Secure; SameSite=Lax` });
    }
    if (url.pathname === '/logout') {
      sessions.delete(cookies[COOKIE]);
      return send(302, { location: '/sign-in', 'set-cookie': `${COOKIE}=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax` });
    }
    if (url.pathname === '/sign-in' || url.pathname === '/') {
      return html(200, 'Sign in', '<h1>Sign in to myUSCIS</h1><p><a href="/login">Sign in (test account)</a></p>');
    }
    if (url.pathname === '/account/applicant') {
      if (!signedIn) return send(302, { location: '/sign-in' });
      const shown = [...cases].filter(([, c]) => !c.hidden);
      const items = shown.map(([r, c]) => `<li><a href="/account/case/${r}">${r}</a> (${esc(c.name)})</li>`).join('');
      // The real page embeds its case list as JSON for its own script
      // (CaseCardsApp); this one lists the fixture cases that have a status.
      const cards = shown.filter(([, c]) => c.bodies.case_status).map(([r, c]) => {
        const status = JSON.parse(c.bodies.case_status).data || {};
        return { receiptNumber: r, formType: status.formType, statusTitle: status.statusTitle };
      });
      const json = JSON.stringify({ props: { cases: cards } }).replace(/</g, '\\u003c');
      return html(200, 'Your cases', `<h1>Your cases</h1><ul>${items}</ul>
        <script type="application/json" data-component-name="CaseCardsApp">${json}</script>`);
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
    const casePage = url.pathname.match(/^\/account\/case\/([A-Z]{3}\d{10})$/);
    if (casePage) {
      if (!signedIn) return send(302, { location: '/sign-in' });
      const c = cases.get(casePage[1]);
      if (!c) return html(404, 'Not found', '<h1>Case not found</h1>');
      return html(200, `Case ${casePage[1]}`,
        `<h1>Case status</h1><p id="case-details">Receipt number: ${casePage[1]}</p><p>Form and status details are shown here by the real site.</p>`);
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
      const body = cases.get(m[1])?.bodies[api.key];
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
    /** Every session ends on the server (as after 15-30 minutes idle): pages stay open, the API answers 401. */
    endSessions() { sessions.clear(); },
    reset() { requests.length = 0; Object.assign(mode, { paths: 'observed', csp: 'none', delayMs: 0, faults: {} }); },
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }),
  };
}

// Run alone: `node tests/e2e/fake-uscis.mjs [port]`.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const s = await startFakeUscis({ port: Number(process.argv[2] || 8443) });
  console.log(`fake my.uscis.gov on https://127.0.0.1:${s.port} with ${s.cases.size} cases`);
}

// What every screen must be, at every width, read inside the page (or the
// frame) as a person sees it: nothing wider than the screen, no text on top
// of other text, which case it is and its status in the first screen, and
// no serious or critical accessibility violation (axe-core). Shared by the
// Chromium and Firefox suites.
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const SIZES = [
  { name: 'phone 360x740', width: 360, height: 740, isMobile: true, hasTouch: true },
  { name: 'laptop 1280x800', width: 1280, height: 800 },
];

/**
 * The layout of the screen in `target` (a page or a frame): overflow,
 * overlapping text, and where the case's identity and status are.
 */
export function layout(target) {
  return target.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const vh = innerHeight;
    // Text boxes as drawn: each clipped by the scrolling boxes around it.
    const clipOf = (el) => {
      let c = { left: -Infinity, top: -Infinity, right: Infinity, bottom: Infinity };
      for (let a = el; a && a !== document.documentElement; a = a.parentElement) {
        const s = getComputedStyle(a);
        if (s.overflowX !== 'visible' || s.overflowY !== 'visible') {
          const r = a.getBoundingClientRect();
          c = { left: Math.max(c.left, r.left), top: Math.max(c.top, r.top), right: Math.min(c.right, r.right), bottom: Math.min(c.bottom, r.bottom) };
        }
      }
      return c;
    };
    const boxes = [];
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walk.nextNode() && boxes.length < 3000) {
      const n = walk.currentNode;
      if (!n.data.trim()) continue;
      const el = n.parentElement;
      // (What a closed <details> holds is not drawn.)
      if (!el || el.closest('.sr, [hidden], script, style, details:not([open]) > :not(summary)')) continue;
      const s = getComputedStyle(el);
      if (s.visibility === 'hidden' || s.display === 'none') continue;
      const clip = clipOf(el);
      const range = document.createRange();
      range.selectNodeContents(n);
      for (const r of range.getClientRects()) {
        const b = { left: Math.max(r.left, clip.left), top: Math.max(r.top, clip.top), right: Math.min(r.right, clip.right), bottom: Math.min(r.bottom, clip.bottom) };
        if (b.right - b.left > 1 && b.bottom - b.top > 1 && b.top < vh * 2) boxes.push({ ...b, node: n, text: n.data.trim().slice(0, 40) });
      }
    }
    boxes.sort((a, b) => a.top - b.top);
    const overlaps = [];
    for (let i = 0; i < boxes.length && overlaps.length < 5; i++) {
      for (let j = i + 1; j < boxes.length && boxes[j].top < boxes[i].bottom; j++) {
        const a = boxes[i]; const b = boxes[j];
        if (a.node === b.node) continue;
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > 2 && h > 2) overlaps.push(`"${a.text}" and "${b.text}"`);
      }
    }
    // Anything wider than the screen.
    const wide = [...document.querySelectorAll('body *')]
      .filter((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.right > vw + 1 && !e.closest('.sr') && clipOf(e).right > vw + 1; })
      .slice(0, 3).map((e) => `${e.localName}.${e.className} (right ${Math.round(e.getBoundingClientRect().right)})`);
    const at = (sel) => {
      const e = document.querySelector(sel);
      if (!e) return null;
      const r = e.getBoundingClientRect();
      return { top: r.top + scrollY, bottom: r.bottom + scrollY, text: e.textContent };
    };
    // Touch targets smaller than 40 px (what a finger is sure to hit).
    const small = [...document.querySelectorAll('button, summary, input, select, a[href], [role=tab]')]
      .filter((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && !e.closest('.sr, details:not([open]) > :not(summary)') && (r.height < 40 || r.width < 24); })
      .slice(0, 3).map((e) => `${e.localName}${e.dataset.action ? `[${e.dataset.action}]` : ''} "${e.textContent.trim().slice(0, 30)}" (${Math.round(e.getBoundingClientRect().width)}x${Math.round(e.getBoundingClientRect().height)})`);
    return {
      width: vw, height: vh, scrollWidth: document.documentElement.scrollWidth, overlaps, wide, small,
      identity: at('[data-field=identity]'), headline: at('[data-field=headline]'),
    };
  });
}

/** The problems of a case screen: `fold` is the height of its first screen. */
export function caseProblems(l, { fold, receipt, form }) {
  const out = screenProblems(l);
  if (!l.identity) out.push('no identity line');
  else {
    if (l.identity.bottom > fold) out.push(`which case it is ends below the first screen (${Math.round(l.identity.bottom)} > ${fold})`);
    if (!l.identity.text.includes(form)) out.push(`the identity line lacks the form: ${l.identity.text}`);
    if (receipt && !l.identity.text.includes(receipt)) out.push(`the identity line lacks the receipt: ${l.identity.text}`);
  }
  if (!l.headline) out.push('no status');
  else if (l.headline.bottom > fold) out.push(`the status ends below the first screen (${Math.round(l.headline.bottom)} > ${fold})`);
  return out;
}

/** The problems of any screen: overflow, overlapping text, and on a phone small touch targets. */
export function screenProblems(l) {
  const out = [];
  if (l.width <= 440) out.push(...l.small.map((t) => `touch target under 40 px: ${t}`));
  if (l.scrollWidth > l.width + 1) out.push(`wider than the screen: ${l.scrollWidth} > ${l.width}`);
  out.push(...l.wide.map((w) => `wider than the screen: ${w}`));
  out.push(...l.overlaps.map((o) => `text overlaps: ${o}`));
  return out;
}

/** Serious and critical axe-core violations in `target` (a page or a frame). */
export async function axeViolations(target) {
  await target.evaluate(AXE);
  const found = await target.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

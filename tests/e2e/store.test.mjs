// The store listing (store/, and the pictures store.mjs makes from the
// demo): every text within its store's limit in English, Spanish and Chinese, the
// same words as the manifest where both show them, and every picture at the
// size the stores ask for. The manifest declares Firefox for Android.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { FIELDS, LANGS, SCREEN, TEXT_LANGS, TILE, makeListing, pngPixels, pngSize, text } from './store.mjs';

const DIST = process.env.CASESCOPE_DIST || path.resolve('dist/casescope');
const ROOT = path.resolve(DIST, '../..');
const locale = (lang) => JSON.parse(fs.readFileSync(path.join(ROOT, 'extension/_locales', lang, 'messages.json'), 'utf8'));
const chars = (s) => [...s].length;

// Said plainly, where a person decides to install it.
const UNOFFICIAL = { en: [/unofficial/i, /^Unofficial\./], es: [/no oficial/i, /^No oficial\./], zh_CN: [/非官方/, /^非官方。/] };

describe('the store listing', () => {
  for (const lang of TEXT_LANGS) {
    test(`${lang}: every text field is there and within its limit`, () => {
      for (const [field, limit] of Object.entries(FIELDS)) {
        const t = text(lang, field);
        assert.ok(t.length > 0, `${lang}/${field} is empty`);
        assert.ok(chars(t) <= limit, `${lang}/${field}: ${chars(t)} characters, the limit is ${limit}`);
        if (lang !== 'en') assert.notEqual(t, text('en', field), `${lang}/${field} is not translated`);
      }
      // The manifest shows the same name and description in the browser and the store.
      assert.equal(locale(lang).extName.message, text(lang, 'name.txt'));
      assert.equal(locale(lang).extDescription.message, text(lang, 'short-description.txt'));
      assert.ok(chars(locale(lang).extDescription.message) <= 132, 'the manifest description: at most 132 characters');
      assert.match(text(lang, 'description.txt'), UNOFFICIAL[lang][0]);
      assert.match(text(lang, 'amo-summary.txt'), UNOFFICIAL[lang][1]);
    });
  }

  test('the manifest: Firefox for Android declared, no data collected', () => {
    const m = JSON.parse(fs.readFileSync(path.join(DIST, 'manifest.json'), 'utf8'));
    const bss = m.browser_specific_settings;
    assert.ok(Number.parseFloat(bss.gecko_android.strict_min_version) >= 142, 'gecko_android, 142 or later (data_collection_permissions)');
    assert.deepEqual(bss.gecko.data_collection_permissions, { required: ['none'] });
  });

  // A Chromium too old for the module is turned away by the store, not
  // given an extension that never starts: WebAssembly with reference types
  // (Chromium 96) and SIMD (91), and 'wasm-unsafe-eval' in a Manifest V3
  // page's policy (Chrome 103, Chrome's "What's new in extensions").
  // Firefox's package says nothing of Chromium.
  test('the manifest: Chromium 103 or later in the Chromium package only', () => {
    const zipped = (browser) => {
      const zip = fs.readdirSync(path.dirname(DIST)).find((f) => f.endsWith(`-${browser}.zip`));
      return JSON.parse(execFileSync('unzip', ['-p', path.join(path.dirname(DIST), zip), 'manifest.json'], { encoding: 'utf8' }));
    };
    assert.ok(Number(zipped('chromium').minimum_chrome_version) >= 103, 'the Chromium package asks for Chromium 103 or later');
    assert.equal(zipped('firefox').minimum_chrome_version, undefined, 'the Firefox package has no Chromium key');
  });

  describe('the pictures, made from the demo', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'casescope-store-'));
    before(() => makeListing(DIST, out), { timeout: 300000 });

    for (const lang of LANGS) {
      test(`${lang}: five screenshots at 1280x800 and the 440x280 promo tile`, () => {
        const shots = fs.readdirSync(path.join(out, lang)).filter((f) => /^\d-.*\.png$/.test(f)).sort();
        assert.deepEqual(shots, ['1-account.png', '2-case.png', '3-raw.png', '4-masked.png', '5-print.png']);
        for (const f of shots) assert.deepEqual(pngSize(path.join(out, lang, f)), SCREEN, f);
        assert.deepEqual(pngSize(path.join(out, lang, 'promo-440x280.png')), TILE);
        // The listing's text goes with its pictures.
        for (const field of Object.keys(FIELDS)) assert.equal(fs.readFileSync(path.join(out, lang, field), 'utf8').trim(), text(lang, field));
      });
    }

    test('the 128 px icon: 96 px of artwork in 16 px of transparent padding, the same file as the extension\'s', () => {
      const icon = path.join(out, 'icon-128.png');
      assert.deepEqual(pngSize(icon), { width: 128, height: 128 });
      assert.ok(fs.readFileSync(icon).equals(fs.readFileSync(path.join(DIST, 'icons/icon-128.png'))));
      const px = pngPixels(icon);
      const border = px.flatMap((row, y) => row.filter((_, x) => x < 16 || x >= 112 || y < 16 || y >= 112));
      assert.ok(border.every(([, , , a]) => a === 0), 'the padding is transparent');
      const inner = px.slice(16, 112).flatMap((row) => row.slice(16, 112));
      assert.ok(inner.filter(([, , , a]) => a === 255).length > 96 * 96 * 0.8, 'the artwork fills its 96 px');
      assert.ok(px[64][16][3] > 0 && px[16][64][3] > 0, 'and reaches its edges');
    });
  });
});

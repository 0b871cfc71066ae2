// The first screen before the WebAssembly (issue 12): index.html carries the first screen as
// static markup in the saved language; the app takes it over without a flash or a layout
// shift (the same boxes before and after, no layout-shift entry); what was typed is kept; the
// service worker is registered only once the first screen is interactive.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { DIST, startServer, withBrowser, appReady, swControlled, screenshot } from './harness.mjs';

const PASS = 'yama kawa sora 2026 hoshi';

// Texts of the UI, from the locale files (the test follows the words, it does not copy them).
async function texts(lang) {
  const read = async (f) => JSON.parse(await fs.readFile(new URL(`../../locales/${f}`, import.meta.url), 'utf8'));
  return { ...(await read(`${lang}.json`)), ...(await read(`vault.${lang}.json`)) };
}
const ja = await texts('ja');
const en = await texts('en');

let server;
before(async () => { server = await startServer(DIST); });
after(async () => { await server?.close(); });

/** Holds the app's WebAssembly until the returned function is called: until then the page
 * can only show index.html's own first screen. */
async function holdWasm(page) {
  let release;
  const gate = new Promise((r) => { release = r; });
  await page.route(/\/app\.wasm$/, async (route) => { await gate; await route.continue(); });
  return release;
}

/** Records layout shifts from the start of every document. */
function watchShifts() {
  window.__shifts = [];
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__shifts.push(e.value); })
    .observe({ type: 'layout-shift', buffered: true });
}

/** The boxes and texts of what the patient sees (visible elements only). */
async function layout(page) {
  return page.evaluate(() => {
    const parts = ['header.app-header', '.brand-title', '.brand-subtitle', '.lang-toggle', 'main h1', 'main .page-summary',
      'main .card', 'main h2', 'main p', 'main .button', 'main label', 'main input', '.banner', 'nav.tabbar', 'nav.tabbar .tab',
      'nav.tabbar .tab-icon', 'nav.tabbar .tab-label'];
    const out = {};
    for (const sel of parts) {
      out[sel] = [...document.querySelectorAll(sel)].filter((e) => e.getClientRects().length > 0).map((e) => {
        const r = e.getBoundingClientRect();
        return [r.x, r.y, r.width, r.height].map(Math.round).join(',') + ' ' + e.textContent.trim().slice(0, 30) + (e.getAttribute('aria-current') ? ' (current)' : '');
      });
    }
    return out;
  });
}

/** How many pixels differ (by more than a faint anti-aliasing step) between two PNGs of the
 * same size, decoded by the browser itself. */
async function pixelsDiffering(page, a, b) {
  return page.evaluate(async ([a, b]) => {
    const decode = async (b64) => {
      const img = await createImageBitmap(await (await fetch('data:image/png;base64,' + b64)).blob());
      const c = new OffscreenCanvas(img.width, img.height);
      const ctx = c.getContext('2d');
      ctx.drawImage(img, 0, 0);
      return ctx.getImageData(0, 0, img.width, img.height);
    };
    const [x, y] = [await decode(a), await decode(b)];
    if (x.width !== y.width || x.height !== y.height) return x.width * x.height;
    let n = 0;
    for (let i = 0; i < x.data.length; i += 4) {
      if ([0, 1, 2].some((c) => Math.abs(x.data[i + c] - y.data[i + c]) > 24)) n++;
    }
    return n;
  }, [a.toString('base64'), b.toString('base64')]);
}

async function visibleH1(page) {
  return page.evaluate(() => [...document.querySelectorAll('h1')].filter((e) => e.getClientRects().length > 0).map((e) => e.textContent.trim()));
}

/** Loads `path` with the WebAssembly held, checks the static first screen, lets the app in,
 * and checks that it took over with the same layout and no shift. Returns both layouts. */
async function takeOver(page, path, { h1, lang, name, beforeRelease }) {
  const release = await holdWasm(page);
  await page.goto(server.url + path, { waitUntil: 'domcontentloaded' });
  await page.waitForTimeout(300);
  assert.deepEqual(await visibleH1(page), [h1], `${name}: the static first screen's heading`);
  assert.equal(await page.getAttribute('html', 'lang'), lang, `${name}: <html lang>`);
  assert.equal(await page.evaluate(() => document.documentElement.hasAttribute('data-ready')), false, `${name}: the app has not started`);
  await beforeRelease?.();
  const first = await layout(page);
  const firstShot = await page.screenshot();
  await screenshot(page, `first-screen-static-${name}`);
  release();
  await appReady(page);
  await page.waitForTimeout(300);
  const settled = await layout(page);
  const settledShot = await page.screenshot();
  await screenshot(page, `first-screen-settled-${name}`);
  assert.equal(await page.locator('.boot').count(), 0, `${name}: the static copy is gone`);
  assert.equal(await page.locator('main').count(), 1, `${name}: one <main>`);
  assert.deepEqual(settled, first, `${name}: the app's first screen has the static one's layout`);
  // The same picture: at most a few anti-aliased pixels of the focus ring may differ.
  const differing = await pixelsDiffering(page, firstShot, settledShot);
  assert.ok(differing <= 100, `${name}: ${differing} pixels differ between the first paint and the settled screen`);
  const shifts = await page.evaluate(() => window.__shifts);
  assert.deepEqual(shifts, [], `${name}: no layout shift`);
  return settled;
}

test('the first screen is on the page before the WebAssembly, and the app takes it over without a shift', () => withBrowser(async (b) => {
  const { page, context } = b;
  await context.addInitScript(watchShifts);
  // A new patient, Japanese (the default): home with "no record yet".
  const home = await takeOver(page, '/', { h1: ja.page.home.title, lang: 'ja', name: 'home-ja' });
  assert.ok(home['main p'].some((t) => t.includes(ja.home.no_record.slice(0, 20))), 'the home prompt is shown');
  assert.equal(await page.title(), ja.app.title);
  // A deep link: header and tab bar at once (the schedule tab current), the page once loaded.
  const release = await holdWasm(page);
  await page.goto(server.url + '/schedule', { waitUntil: 'domcontentloaded' });
  await page.waitForTimeout(300);
  const frame = await layout(page);
  assert.deepEqual(frame['nav.tabbar .tab'].filter((t) => t.endsWith('(current)')).length, 1, 'one current tab');
  assert.ok(frame['nav.tabbar .tab'].find((t) => t.endsWith('(current)')).includes(ja.page.schedule.title));
  release();
  await appReady(page);
  await page.waitForTimeout(300);
  const settled = await layout(page);
  for (const part of ['header.app-header', 'nav.tabbar', 'nav.tabbar .tab', 'nav.tabbar .tab-label']) {
    assert.deepEqual(settled[part], frame[part], `deep link: ${part} stays where it was`);
  }
  assert.deepEqual(await visibleH1(page), [ja.page.schedule.title]);
  assert.deepEqual(await page.evaluate(() => window.__shifts), [], 'deep link: no layout shift');
}, { options: { serviceWorkers: 'block' } }));

test('a stored record, in English: the static unlock form keeps what was typed when the app takes over', () => withBrowser(async (b) => {
  const { page, context } = b;
  await page.goto(server.url + '/settings');
  await appReady(page);
  await page.click('[data-testid=lang-toggle]');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await page.fill('#pass-new', PASS);
  await page.fill('#pass-confirm', PASS);
  await page.click('[data-testid=create-form] button[type=submit]');
  await page.waitForSelector('[data-testid=lock-now]', { timeout: 30000 });
  await context.addInitScript(watchShifts);
  await takeOver(page, '/', {
    h1: en.vault.unlock.title, lang: 'en', name: 'unlock-en',
    beforeRelease: async () => {
      assert.equal(await page.title(), en.app.title);
      await page.click('#boot-en-pass');
      await page.keyboard.type(PASS);
    },
  });
  assert.equal(await page.inputValue('#pass-unlock'), PASS, 'the typed passphrase was carried over');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'pass-unlock', 'and the focus');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => !document.querySelector('[data-testid=unlock-form]'), null, { timeout: 60000 });
}, { options: { serviceWorkers: 'block' } }));

test('the service worker is registered only once the first screen is interactive', () => withBrowser(async (b) => {
  const { page, context } = b;
  await context.addInitScript(() => {
    window.__registered = [];
    const sw = navigator.serviceWorker;
    const register = sw.register.bind(sw);
    sw.register = (...args) => {
      window.__registered.push(document.documentElement.hasAttribute('data-ready'));
      return register(...args);
    };
  });
  await page.goto(server.url + '/');
  await appReady(page);
  await swControlled(page);
  assert.deepEqual(await page.evaluate(() => window.__registered), [true], 'registered once, after the app took over');
}));

test('the WebAssembly is fetched right after the first frame and compiled while it downloads', () => withBrowser(async (b) => {
  const { page, context } = b;
  await context.addInitScript(() => {
    // The first frame (its callbacks run just before it is painted) and the module's fetch.
    requestAnimationFrame(() => { window.__frame = performance.now(); });
    const fetch = window.fetch;
    window.fetch = (input, ...rest) => {
      if (String(input).endsWith('/app.wasm')) window.__wasmFetch = { at: performance.now(), framed: window.__frame };
      return fetch(input, ...rest);
    };
    window.__streamed = [];
    const streaming = WebAssembly.instantiateStreaming;
    WebAssembly.instantiateStreaming = async (source, imports) => {
      window.__streamed.push((await source).url);
      return streaming(source, imports);
    };
  });
  await page.goto(server.url + '/');
  await appReady(page);
  const { fetched, wasm, streamed } = await page.evaluate(() => ({
    fetched: window.__wasmFetch,
    wasm: performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/app.wasm')).length,
    streamed: window.__streamed,
  }));
  assert.equal(wasm, 1, 'the module is fetched once');
  assert.ok(fetched && fetched.framed !== undefined && fetched.at > fetched.framed,
    `fetched after the first frame of the static first screen: ${JSON.stringify(fetched)}`);
  assert.ok(streamed.some((u) => u.endsWith('/app.wasm')), `compiled from the response as it arrives: ${streamed}`);
}, { options: { serviceWorkers: 'block' } }));

// The app shell: every page reachable, languages, offline reload, updates, accessibility basics.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DIST, DIST_NEXT, startServer, withBrowser, appReady, swControlled, screenshot } from './harness.mjs';

const TABS = ['', 'schedule', 'visits', 'results', 'more'];
const MENU = ['profile', 'partners', 'memo', 'share', 'settings', 'provider'];

let server;
before(async () => { server = await startServer(DIST); });
after(async () => { await server?.close(); });

async function h1(page) { return (await page.locator('main h1').first().innerText()).trim(); }

/** The page's title once it differs from `prev` (a lazily loaded page replaces the old one). */
async function nextTitle(page, prev) {
  await page.waitForFunction((p) => {
    const el = document.querySelector('main h1');
    return el && el.innerText.trim() !== p;
  }, prev, { timeout: 20000 });
  return h1(page);
}

/** Navigates by clicking, then returns the title of the page that arrived at `/seg`. */
async function arrive(page, seg, click) {
  const before = await h1(page);
  const already = new URL(page.url()).pathname === '/' + seg;
  await click();
  await page.waitForURL(server.url + '/' + seg);
  return already ? h1(page) : nextTitle(page, before);
}

/** Opens every page by in-app navigation (the tabs, then each menu page through "more") and
 * calls `onPage(seg, title)` once that page is shown. */
async function visitEveryPage(page, onPage) {
  for (const seg of TABS) {
    await onPage(seg, await arrive(page, seg, () => page.click(`nav.tabbar a[data-page="${seg}"]`)));
  }
  for (const seg of MENU) {
    await arrive(page, 'more', () => page.click('nav.tabbar a[data-page="more"]'));
    await onPage(seg, await arrive(page, seg, () => page.click(`a.menu-item[data-page="${seg}"]`)));
  }
}

/** Every interactive element is at least 44x44 CSS px and the page has the landmarks. */
async function checkAccessibility(page, where) {
  const small = await page.$$eval('a[href], button, input, select, textarea, [role=button]', (els) => els
    .filter((e) => e.offsetParent !== null && !e.classList.contains('skip-link'))
    .map((e) => { const r = e.getBoundingClientRect(); return { t: (e.innerText || e.getAttribute('aria-label') || e.tagName).slice(0, 30), w: r.width, h: r.height, tag: e.tagName, type: e.type }; })
    // radio/checkbox inputs sit inside a >= 48px label that is the real target
    .filter((r) => !(r.tag === 'INPUT' && (r.type === 'radio' || r.type === 'checkbox')))
    .filter((r) => r.w < 44 || r.h < 44));
  assert.deepEqual(small, [], `${where}: touch targets under 44px`);
  assert.equal(await page.locator('main').count(), 1, `${where}: one <main>`);
  assert.equal(await page.locator('h1').count(), 1, `${where}: one <h1>`);
  assert.equal(await page.locator('header.app-header').count(), 1, `${where}: banner header`);
  assert.ok(await page.locator('nav[aria-label]').count() >= 1, `${where}: labelled nav`);
}

test('every page is reachable by navigation, in Japanese, with no console errors', () => withBrowser(async (b) => {
  const { page } = b;
  await page.goto(server.url + '/');
  await appReady(page);
  assert.equal(await page.getAttribute('html', 'lang'), 'ja');
  assert.equal(await h1(page), 'ホーム');
  const titles = new Map();
  await visitEveryPage(page, async (seg, title) => {
    titles.set(seg, title);
    if (TABS.includes(seg)) {
      assert.equal(await page.getAttribute(`nav.tabbar a[data-page="${seg}"]`, 'aria-current'), 'page');
    }
    await checkAccessibility(page, '/' + seg);
    await screenshot(page, `ja-${seg || 'home'}`);
  });
  const distinct = new Set(titles.values());
  assert.equal(distinct.size, TABS.length + MENU.length, `each page has its own title: ${[...titles.values()]}`);
  assert.ok(!titles.get('schedule').match(/[A-Za-z]/), 'Japanese titles by default');
  // An unknown path shows the not-found page, with a way home.
  await page.goto(server.url + '/no-such-page');
  await appReady(page);
  assert.equal(await h1(page), 'ページが見つかりません');
}));

test('switching language changes the text and survives a reload', () => withBrowser(async (b) => {
  const { page } = b;
  await page.goto(server.url + '/schedule');
  await appReady(page);
  assert.equal(await h1(page), '予定');
  await page.click('[data-testid=lang-toggle]');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.equal(await h1(page), 'Schedule');
  assert.equal(await page.title(), 'My Karte');
  await page.reload();
  await appReady(page);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await h1(page), 'Schedule');
  for (const seg of [...TABS, ...MENU]) {
    await page.goto(server.url + '/' + seg);
    await appReady(page);
    await checkAccessibility(page, 'en /' + seg);
    await screenshot(page, `en-${seg || 'home'}`);
  }
  // and back, through Settings
  await page.goto(server.url + '/settings');
  await appReady(page);
  await page.check('input[name=language][value=ja]');
  await page.waitForFunction(() => document.documentElement.lang === 'ja');
  assert.equal(await h1(page), '設定');
  await page.reload();
  await appReady(page);
  assert.equal(await h1(page), '設定');
}));

test('after the first load the app works offline: reload, deep link and navigation', () => withBrowser(async (b) => {
  const { page, context } = b;
  await page.goto(server.url + '/');
  await appReady(page);
  await swControlled(page);
  await context.setOffline(true);
  await page.reload();
  await appReady(page);
  assert.equal(await h1(page), 'ホーム');
  await page.waitForSelector('[data-testid=offline-banner]');
  // Every page, though none but Home was opened online: each page's code is a lazily
  // loaded chunk, and the service worker precached them all at install.
  const titles = new Set();
  await visitEveryPage(page, async (_seg, title) => { titles.add(title); });
  assert.equal(titles.size, TABS.length + MENU.length, `every page rendered offline: ${[...titles]}`);
  assert.ok(titles.has('検査結果'));
  await page.goto(server.url + '/partners');
  await appReady(page);
  assert.equal(await h1(page), '連携医療機関');
  await screenshot(page, 'offline-partners');
  await context.setOffline(false);
  await page.waitForSelector('[data-testid=offline-banner]', { state: 'detached' });
}, { ignore: /ERR_INTERNET_DISCONNECTED/ }));

test('a new build deployed on the same origin takes over on reload; the old cache is gone', { skip: !DIST_NEXT && 'KARTE_DIST_NEXT not set' }, () => withBrowser(async (b) => {
  const srv = await startServer(DIST);
  try {
    const { page } = b;
    await page.goto(srv.url + '/settings');
    await appReady(page);
    await swControlled(page);
    const v1 = await page.innerText('[data-testid=build-id]');
    assert.equal(v1, process.env.KARTE_BUILD);
    assert.deepEqual(await page.evaluate(() => caches.keys()), ['karte-' + v1]);

    srv.deploy(DIST_NEXT);
    await page.reload();
    await appReady(page);
    // Still the old build (from its own cache), until the new one is installed and announced.
    assert.equal(await page.innerText('[data-testid=build-id]'), v1);
    await page.waitForSelector('[data-testid=update-banner]', { timeout: 30000 });
    await screenshot(page, 'update-ready');
    await page.click('[data-testid=update-banner] button');
    await page.waitForFunction((old) => {
      const el = document.querySelector('[data-testid=build-id]');
      return el && el.textContent && el.textContent !== old;
    }, v1, { timeout: 20000 });
    const v2 = await page.innerText('[data-testid=build-id]');
    assert.equal(v2, process.env.KARTE_BUILD_NEXT);
    assert.equal(await page.innerText('[data-testid=build-label]'), 'next', 'the new WebAssembly is running');
    assert.deepEqual(await page.evaluate(() => caches.keys()), ['karte-' + v2]);
    // Every script and module the page loaded belongs to the new build.
    const assets = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => /app-/.test(n)));
    const html = await page.evaluate(() => document.documentElement.outerHTML);
    // A file is the build's when the page names it, or it sits in the module folder the page
    // names (app-<hash>/: the chunk loader and the lazily loaded chunks).
    for (const a of assets) {
      const path = new URL(a).pathname;
      const folder = path.split('/').slice(0, 2).join('/') + '/';
      assert.ok(html.includes(path) || (folder.startsWith('/app-') && html.includes(folder)), `asset ${a} belongs to the running build`);
    }
    assert.ok(assets.some((a) => a.endsWith('/split.js')), 'the chunk loader was fetched');
  } finally { await srv.close(); }
}));

test('after an update, a page whose old code is gone says so, the app keeps running, and a reload fixes it', { skip: !DIST_NEXT && 'KARTE_DIST_NEXT not set' }, () => withBrowser(async (b) => {
  const srv = await startServer(DIST);
  try {
    const { page } = b;
    await page.goto(srv.url + '/');
    await appReady(page);
    await swControlled(page);
    // A new build takes over while this page still runs the old one (the patient has not
    // pressed the update banner): the old build's files are gone from cache and server.
    srv.deploy(DIST_NEXT);
    await page.reload();
    await appReady(page);
    await page.waitForSelector('[data-testid=update-banner]', { timeout: 30000 });
    await page.click('nav.tabbar a[data-page="schedule"]');
    await page.waitForSelector('[data-testid=chunk-missing]', { timeout: 20000 });
    assert.equal(await h1(page), 'このページを読み込めませんでした');
    await screenshot(page, 'chunk-missing');
    // Still alive: Home (loaded before the update) opens.
    await page.click('nav.tabbar a[data-page=""]');
    assert.equal(await nextTitle(page, 'このページを読み込めませんでした'), 'ホーム');
    await page.click('nav.tabbar a[data-page="schedule"]');
    await page.waitForSelector('[data-testid=chunk-missing]');
    await page.click('main button');
    await page.waitForFunction((next) => document.querySelector('meta[name=karte-build]')?.content === next, process.env.KARTE_BUILD_NEXT, { timeout: 20000 });
    await appReady(page);
    assert.notEqual(await h1(page), 'このページを読み込めませんでした');
    assert.equal(await page.locator('[data-testid=chunk-missing]').count(), 0);
  } finally { await srv.close(); }
}, {
  // The only errors are the failed fetches of the old build's chunk.
  ignore: /404|Failed to load resource|split|wasm|WebAssembly|fetch/i,
}));

test('a page that takes a moment to arrive shows a loading bar, then the page', () => withBrowser(async (b) => {
  // No service worker, and the record pages' chunk held back for 2 s: a slow first visit.
  const { page } = b;
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route('**/split_record_pages.wasm', async (route) => { await held; await route.continue(); });
  await page.goto(server.url + '/');
  await appReady(page);
  assert.equal(await page.isVisible('[data-testid=routing-bar]'), false, 'no bar at rest');
  await page.click('nav.tabbar a[data-page="schedule"]');
  await page.waitForSelector('[data-testid=routing-bar]', { state: 'visible' });
  assert.equal(await page.getAttribute('main', 'aria-busy'), 'true');
  await page.waitForTimeout(300);
  await screenshot(page, 'routing-bar');
  release();
  assert.equal(await nextTitle(page, 'ホーム'), '予定');
  await page.waitForSelector('[data-testid=routing-bar]', { state: 'hidden' });
  assert.equal(await page.getAttribute('main', 'aria-busy'), null);
}, { options: { serviceWorkers: 'block' } }));

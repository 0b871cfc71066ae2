// Shared pieces of the browser tests: a static server whose site can be swapped (to "deploy"
// a new build on the same origin), Chromium launched the way this machine needs, and a
// console-error collector.
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export const DIST = path.resolve(process.env.KARTE_DIST ?? '../../dist');
export const DIST_NEXT = process.env.KARTE_DIST_NEXT ? path.resolve(process.env.KARTE_DIST_NEXT) : null;
export const ARTIFACTS = path.resolve('artifacts');
export const PHONE = { width: 390, height: 844 };

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8', '.webmanifest': 'application/manifest+json', '.png': 'image/png',
  '.json': 'application/json', '.svg': 'image/svg+xml',
};

/** Serves `dir` on a free loopback port; `deploy(other)` swaps the site in place. */
export async function startServer(dir) {
  let root = dir;
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    let file = path.join(root, path.normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, ''));
    if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
    let stat = await fsp.stat(file).catch(() => null);
    if (stat?.isDirectory()) { file = path.join(file, 'index.html'); stat = await fsp.stat(file).catch(() => null); }
    if (!stat && !path.basename(url.pathname).includes('.')) { file = path.join(root, 'index.html'); stat = await fsp.stat(file).catch(() => null); }
    if (!stat) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    deploy(next) { root = next; },
    close: () => new Promise((r) => server.close(r)),
  };
}

/** A fresh Chromium profile (persistent, so service workers and storage behave as on a phone).
 * `options` are more Playwright context options (e.g. `{ serviceWorkers: 'block' }`). */
export async function launch(extraArgs = [], options = {}) {
  const dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'karte-chromium-'));
  const b = await launchIn(dataDir, extraArgs, options);
  return { ...b, async close() { await b.close(); await fsp.rm(dataDir, { recursive: true, force: true }); } };
}

/** Runs `body(b)` with a fresh Chromium `b` (see `launch`), then asserts that no page logged
 * an error (except those `ignore` matches), and closes the browser whatever happened.
 * `args` and `options` are `launch`'s. */
export async function withBrowser(body, { args = [], options = {}, ignore = null } = {}) {
  const b = await launch(args, options);
  try {
    await body(b);
    assert.deepEqual(ignore ? b.errors.filter((e) => !ignore.test(e)) : b.errors, [], 'no errors in the console');
  } finally { await b.close(); }
}

/** Chromium with the profile in `dataDir`, kept on close (to start the browser again with
 * the same service worker and storage, as a phone reopening the app). */
export async function launchIn(dataDir, extraArgs = [], options = {}) {
  const context = await chromium.launchPersistentContext(dataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: PHONE,
    deviceScaleFactor: 1,
    locale: 'ja-JP',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', ...extraArgs,
    ],
    ...options,
  });
  const errors = [];
  const watch = (page) => {
    page.on('console', (m) => { if (m.type() === 'error') errors.push(`${page.url()}: ${m.text()}`); });
    page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context, page, errors,
    async close() { await context.close(); },
  };
}

/** Waits until the app has taken over the static first screen and rendered a page heading. */
export async function appReady(page) {
  await page.waitForSelector('html[data-ready] body > main h1', { timeout: 20000 });
}

/** Waits until a service worker controls the page. */
export async function swControlled(page) {
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 20000 });
}

export async function screenshot(page, name) {
  await fsp.mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

const TAB_PAGES = ['', 'schedule', 'visits', 'results', 'more'];

/** Goes to a page the way a patient does (tabs, then the More menu), without reloading:
 *  an unlocked vault stays unlocked. */
export async function go(page, seg) {
  if (TAB_PAGES.includes(seg)) {
    await page.click(`nav.tabbar a[data-page="${seg}"]`);
  } else {
    await page.click('nav.tabbar a[data-page="more"]');
    await page.click(`a.menu-item[data-page="${seg}"]`);
  }
  await page.waitForFunction((s) => location.pathname === '/' + s, seg);
  await appReady(page);
}

/** Opens the demo record of `cancer` (a fictional patient) from Settings, as a patient trying
 * the app does; the page is then Home. The demo lives in memory: navigate with `go`. */
export async function openDemo(page, url, cancer = 'stomach') {
  await page.goto(url + '/settings');
  await appReady(page);
  await page.check(`[data-testid=demo-loader] input[value="${cancer}"]`, { force: true });
  await page.click('[data-testid=demo-open]');
  await page.waitForFunction(() => location.pathname === '/');
  await appReady(page);
}

/** Creates a vault on a fresh profile (Settings), as a patient or a clinic does once. */
export async function createVault(page, url, pass = 'yama kawa sora 2026 hoshi') {
  await page.goto(url + '/settings');
  await appReady(page);
  await page.fill('#pass-new', pass);
  await page.fill('#pass-confirm', pass);
  await page.click('[data-testid=create-form] button[type=submit]');
  await page.waitForSelector('[data-testid=lock-now]', { timeout: 30000 });
}

/** Sets up provider mode (an unlocked vault) for `institution` (`fields` by test id, e.g.
 * `{ 'prov-role': 'PlanningHospital' }`); returns its card's frame text. */
export async function setUpProvider(page, institution, fields = {}) {
  await go(page, 'provider');
  await page.fill('[data-testid=prov-name]', '見本 次郎');
  await page.fill('[data-testid=prov-institution]', institution);
  for (const [id, value] of Object.entries(fields)) {
    if (id === 'prov-role') await page.selectOption(`[data-testid=${id}]`, value);
    else await page.fill(`[data-testid=${id}]`, value);
  }
  await page.click('[data-testid=provider-setup] button[type=submit]');
  await page.waitForSelector('[data-testid=provider-card] svg');
  return page.locator('[data-testid=provider-card] svg').getAttribute('data-text');
}

/** A video for Chromium's fake camera from PNG frames: each shown for 3 of 15 frames a second,
 * centred on a white 640x480 picture (scaled down to 440 px high when larger). Written beside,
 * then renamed: Chromium opens the file when a page starts the camera. `tmp` holds the frames. */
export async function cameraVideo(pngs, file, tmp) {
  const dir = await fsp.mkdtemp(path.join(tmp, 'frames-'));
  for (const [i, p] of pngs.entries()) await fsp.copyFile(p, path.join(dir, `f${String(i).padStart(3, '0')}.png`));
  const part = file + '.part.y4m';
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-framerate', '5', '-i', path.join(dir, 'f%03d.png'),
    '-vf', "scale=w='if(gt(ih,440),440*iw/ih,iw)':h='if(gt(ih,440),440,ih)':flags=neighbor,pad=640:480:(ow-iw)/2:(oh-ih)/2:white,format=yuv420p",
    '-r', '15', part]);
  await fsp.rename(part, file);
}

/** What the record pages show (profile, memo, schedule, results): equal texts, the same record. */
export async function recordFingerprint(page) {
  const parts = [];
  for (const seg of ['profile', 'memo', 'schedule', 'results']) {
    await go(page, seg);
    parts.push(await page.locator('main').innerText());
  }
  return parts.join('\n---\n');
}

// お薬手帳 QR import (JAHIS), on a phone (390x844): the pharmacy's codes are the committed
// Shift_JIS byte-mode QR images of tests/data/jahis/qr/ (drawn by
// `cargo run -p karte-scanner --example jahis_qr` from tests/data/jahis/sjis/), shown to
// Chromium's fake camera. A single code and a shuffled split set of three by camera; a split set
// typed part by part into the scanner field as a USB scanner types (Enter for each line break);
// the same prescription again adds nothing; a set with a part missing, parts of two
// prescriptions, and a bad record are refused with their own messages and add nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DIST, startServer, launch, screenshot, go, openDemo as openDemoAt } from './harness.mjs';
import { video as videoIn } from './qr.mjs';

const DATA = new URL('../data/jahis/', import.meta.url);
const qr = (name) => new URL(`qr/${name}.png`, DATA).pathname;
const vector = async (name) => JSON.parse(await fs.readFile(new URL(`${name}.json`, DATA), 'utf8'));
const texts = async (lang) => JSON.parse(await fs.readFile(new URL(`../../locales/jahis.${lang}.json`, import.meta.url), 'utf8')).jahis;
const scanProgress = async (lang) => JSON.parse(await fs.readFile(new URL(`../../locales/share.${lang}.json`, import.meta.url), 'utf8')).scan.progress;
const fill = (s, args) => Object.entries(args).reduce((t, [k, v]) => t.replace(`{${k}}`, v), s);

let server;
let tmp;
before(async () => {
  server = await startServer(DIST);
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'karte-jahis-'));
});
after(async () => {
  await server?.close();
  await fs.rm(tmp, { recursive: true, force: true });
});

async function setLocale(page, l) {
  if ((await page.getAttribute('html', 'lang')) !== l) {
    await page.click('[data-testid=lang-toggle]');
    await page.waitForFunction((x) => document.documentElement.lang === x, l);
  }
}

/** The medications the card lists (names). */
const meds = (page) => page.locator('[data-testid=meds] .med-name').allInnerTexts();

/** Opens the reader and starts the camera, which shows `pngs` in turn (a loop). */
async function scanByCamera(page, cam, pngs) {
  await videoIn(pngs, cam, tmp);
  await page.click('[data-testid=jahis-open]');
  await page.click('[data-testid=jahis-scan-camera]');
}

/** Waits for the outcome line and returns it. */
async function outcome(page) {
  await page.waitForSelector('[data-testid=jahis-outcome]', { timeout: 60000 });
  return page.innerText('[data-testid=jahis-outcome]');
}

test('medicine notebook QR: single and split sets by camera and USB scanner, once; damaged sets refused', { timeout: 600000 }, async () => {
  const ja = await texts('ja');
  const en = await texts('en');
  const single = (await vector('01-single')).final.dispensings[0];
  const split = (await vector('02-split-in-order')).final.dispensings[0];
  const cam = path.join(tmp, 'camera.y4m');
  const blank = path.join(tmp, 'blank.png');
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'color=white:s=64x64', '-frames:v', '1', blank]);
  await videoIn([blank], cam, tmp);
  const phone = await launch(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${cam}`]);
  const p = phone.page;
  try {
    // ---- A demo record (a fictional patient on S-1): its medications card.
    await openDemoAt(p, server.url, 'stomach');
    await go(p, 'profile');
    const before = await meds(p);

    // ---- One code by camera: the preview names the dispensing, then two entries are added.
    let t0 = Date.now();
    await scanByCamera(p, cam, [qr('01-single-1')]);
    await p.waitForSelector('[data-testid=jahis-preview]', { timeout: 60000 });
    console.log(`single code read by camera in ${Date.now() - t0} ms`);
    const shown = await p.innerText('[data-testid=jahis-preview]');
    for (const s of [single.pharmacy, single.prescriber, single.doctor, '2026', ...single.drugs.map((d) => d[0]), '14日分', '1日2回朝夕食後']) {
      assert.ok(shown.includes(s), `the preview shows ${s}: ${shown}`);
    }
    await screenshot(p, 'jahis-preview-ja');
    await p.click('[data-testid=jahis-confirm]');
    assert.equal(await outcome(p), fill(ja.added, { n: 2 }));
    const afterSingle = await meds(p);
    assert.equal(afterSingle.length, before.length + 2);
    for (const [name] of single.drugs) assert.ok(afterSingle.includes(name), `${name} is listed`);
    // Each imported drug names the pharmacy that dispensed it.
    const sources = await p.locator('[data-testid=meds] [data-testid=med-source]').allInnerTexts();
    assert.equal(sources.length, 2);
    for (const s of sources) assert.equal(s, fill(ja.source, { pharmacy: single.pharmacy }));
    await screenshot(p, 'jahis-added-ja');

    // ---- The same code again: already in the record, nothing added.
    await scanByCamera(p, cam, [qr('01-single-1')]);
    assert.equal(await outcome(p), ja.already);
    assert.deepEqual(await meds(p), afterSingle);

    // ---- A split set of three, shown 3, 1, 2: progress, then the preview of all five drugs.
    t0 = Date.now();
    await scanByCamera(p, cam, [qr('02-split-in-order-3'), qr('02-split-in-order-1'), qr('02-split-in-order-2')]);
    await p.waitForSelector('[data-testid=jahis-preview]', { timeout: 60000 });
    console.log(`split set of 3 read by camera in ${Date.now() - t0} ms`);
    const drugs = await p.locator('[data-testid=jahis-drugs] .med-name').allInnerTexts();
    assert.deepEqual(drugs, split.drugs.map((d) => d[0]));
    await p.click('[data-testid=jahis-confirm]');
    assert.equal(await outcome(p), fill(ja.added, { n: 5 }));
    const afterSplit = await meds(p);
    assert.equal(afterSplit.length, afterSingle.length + 5);

    // ---- Damaged sets by camera, each with its own message; nothing added.
    // A part missing (1 and 3 of 3 shown): two of three read, part 2 named, no preview.
    await scanByCamera(p, cam, [qr('02-split-in-order-1'), qr('02-split-in-order-3')]);
    await p.waitForFunction((s) => document.querySelector('[data-testid=jahis-missing]')?.innerText.includes(s), fill(ja.missing, { parts: '2' }), { timeout: 60000 });
    await p.waitForTimeout(3000);
    assert.equal(await p.locator('[data-testid=jahis-preview]').count(), 0, 'no preview while a part is missing');
    await screenshot(p, 'jahis-missing-ja');
    await p.click('[data-testid=jahis-reader] button.button-secondary >> nth=-1');
    // Parts of two prescriptions.
    await scanByCamera(p, cam, [qr('02-split-in-order-1'), qr('06-two-prescriptions-2')]);
    await p.waitForSelector(`[data-testid=jahis-scan-error]:has-text("${ja.err_mixed}")`, { timeout: 60000 });
    await screenshot(p, 'jahis-mixed-ja');
    await p.click('[data-testid=jahis-reader] button.button-secondary >> nth=-1');
    // A bad record (line 8: an RP number that is not a number).
    await scanByCamera(p, cam, [qr('09-bad-record-rp-1')]);
    await p.waitForSelector(`[data-testid=jahis-scan-error]:has-text("${fill(ja.err_bad, { line: 8 })}")`, { timeout: 60000 });
    await p.click('[data-testid=jahis-reader] button.button-secondary >> nth=-1');
    assert.deepEqual(await meds(p), afterSplit, 'the refused sets added nothing');

    // ---- English: the same refusal and the preview, then a fresh demo for the typed path.
    await setLocale(p, 'en');
    await scanByCamera(p, cam, [qr('09-bad-record-rp-1')]);
    await p.waitForSelector(`[data-testid=jahis-scan-error]:has-text("${fill(en.err_bad, { line: 8 })}")`, { timeout: 60000 });
    await screenshot(p, 'jahis-bad-record-en');
    await p.click('[data-testid=jahis-reader] button.button-secondary >> nth=-1');
    await videoIn([blank], cam, tmp);

    // ---- A fresh demo record; the split set typed part by part (3, 1, 2) into the scanner
    // field, as a USB scanner types: Enter for each line break, then a pause.
    await openDemoAt(p, server.url, 'stomach');
    await go(p, 'profile');
    const fresh = await meds(p);
    const parts = (await vector('03-split-shuffled')).parts;
    await p.click('[data-testid=jahis-open]');
    for (const [i, part] of parts.entries()) {
      await p.click('[data-testid=jahis-scan-typed]');
      await p.keyboard.type(part.replaceAll('\r\n', '\n'), { delay: 2 });
      if (i < parts.length - 1) {
        const read = fill(await scanProgress('en'), { n: i + 1, total: 3 });
        await p.waitForFunction((s) => document.querySelector('[data-testid=jahis-scan-progress]')?.innerText.startsWith(s), read, { timeout: 20000 });
        if (i === 0) await screenshot(p, 'jahis-typed-progress-en');
      }
    }
    await p.waitForSelector('[data-testid=jahis-preview]', { timeout: 20000 });
    await screenshot(p, 'jahis-preview-en');
    await p.click('[data-testid=jahis-confirm]');
    assert.equal(await outcome(p), fill(en.added, { n: 5 }));
    assert.equal((await meds(p)).length, fresh.length + 5);
    await screenshot(p, 'jahis-added-en');
    // Pasted again (one input, CR LF kept): already in the record.
    await p.click('[data-testid=jahis-open]');
    await p.click('[data-testid=jahis-scan-typed]');
    for (const part of parts) {
      await p.locator('[data-testid=jahis-scan-typed]').fill(part);
      await p.locator('[data-testid=jahis-scan-typed]').dispatchEvent('input');
      if ((await p.locator('[data-testid=jahis-outcome]').count()) > 0) break;
      await p.waitForTimeout(900);
    }
    assert.equal(await outcome(p), en.already);
    assert.equal((await meds(p)).length, fresh.length + 5);
    assert.deepEqual(phone.errors, [], 'no errors in the console');
  } finally {
    await phone.close();
  }
});

// Who may change what (issue 22), on the phone: a partner clinic the patient paired with answers
// a share with a `partner` entry naming the planning hospital with the clinic's own keys (the
// trust-store takeover). The phone refuses it before any preview, with a message naming what
// it tried, and adds nothing. The malicious clinic is `core/examples/rogue_clinic.rs` (real keys,
// real card, real signatures), driven through the USB-scanner path.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIST, startServer, launch, screenshot, go, openDemo } from './harness.mjs';
import { shownFrames, typeFrames } from './qr.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const HOSPITAL = '見本市立がんセンター';

async function locale(part, lang) {
  return JSON.parse(await fs.readFile(path.join(ROOT, `locales/${part}.${lang}.json`), 'utf8'));
}
const ja = await locale('share', 'ja');
const en = await locale('share', 'en');

/** Runs the rogue clinic (`card`, or `takeover HOSPITAL` with the share's texts on stdin);
 * returns the texts of the QR codes it makes. */
function rogue(args, input = '') {
  const out = execFileSync('cargo', ['run', '-q', '-p', 'karte-core', '--example', 'rogue_clinic', '--', ...args], {
    cwd: ROOT,
    input,
    maxBuffer: 1 << 24,
  });
  return out.toString().split('\n').filter((l) => l.startsWith('WK'));
}

let server;
let tmp;
before(async () => {
  server = await startServer(DIST);
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'karte-trust-'));
});
after(async () => {
  await server?.close();
  await fs.rm(tmp, { recursive: true, force: true });
});

test('a paired clinic answering with the hospital\'s keys is refused, naming what it tried', { timeout: 600000 }, async () => {
  const phone = await launch();
  try {
    const f = phone.page;
    await openDemo(f, server.url, 'stomach');
    await go(f, 'share');

    // The patient pairs with the clinic (its card is genuine) and shows the record to it.
    await typeFrames(f, 'pair-scan', rogue(['card']));
    await f.waitForSelector('[data-testid=pair-preview]');
    await f.click('[data-testid=pair-confirm]');
    await f.waitForSelector('[data-testid=pair-result]');
    await f.click('[data-testid=share-show-button]');
    const share = await shownFrames(f, 'trust-share', tmp);

    // The clinic answers with a partner entry: "the planning hospital's keys are mine".
    const answer = rogue(['takeover', HOSPITAL], share.map((x) => x.text).join('\n'));
    assert.ok(answer.length >= 1, 'the rogue clinic made an answer');
    await go(f, 'share');
    await typeFrames(f, 'receive-scan', answer);
    await f.waitForSelector('[data-testid=receive-result]');
    const message = await f.innerText('[data-testid=receive-result]');
    assert.equal(message, ja.sharing.err.touches_keys.replace('{target}', HOSPITAL));
    assert.ok(message.includes(HOSPITAL), 'the message names the institution whose keys it tried to set');
    assert.equal(await f.locator('[data-testid=receive-preview]').count(), 0, 'nothing is offered');
    assert.ok(en.sharing.err.touches_keys.includes('{target}'), 'the English text names it too');
    await screenshot(f, 'trust-phone-takeover-refused');
    await f.setViewportSize({ width: 1366, height: 768 });
    await screenshot(f, 'trust-pc-takeover-refused');

    // Nothing was added: the log lists the share made, no record received.
    const log = await f.locator('ul.history li').allInnerTexts();
    assert.ok(log.some((l) => l.includes('みほん内科クリニック')), `the share is logged: ${log}`);
    assert.ok(!log.some((l) => l.includes('受け取りました')), `nothing received: ${log}`);
    assert.deepEqual(phone.errors.filter((e) => !e.includes('favicon')), []);
  } catch (e) {
    await screenshot(phone.page, 'trust-FAILED-phone').catch(() => {});
    throw e;
  } finally {
    await phone.close();
  }
});

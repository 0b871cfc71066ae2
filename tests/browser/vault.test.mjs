// The vault in a real browser: nothing readable in any storage, locked after reload, the
// right passphrase opens and a wrong one is refused; backup, erase, restore gives the same
// record; damaged backups are refused with their own message and change nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DIST, startServer, withBrowser, appReady, screenshot, go, recordFingerprint } from './harness.mjs';

const PASS = 'yama kawa sora 2026 hoshi';
const OTHER = 'umi mori tsuki 1999 kaze';
const NAME = '試験 花子';
const DIAGNOSIS = '十二指腸潰瘍（KX-4471）';
const MEMO = '吐き気のメモ QZ-9083';
const KNOWN = [NAME, DIAGNOSIS, MEMO, 'KX-4471', 'QZ-9083'];

// Texts of the UI, from the locale files (so the test follows the words, not copies them).
async function locale(part) {
  return JSON.parse(await fs.readFile(new URL(`../../locales/${part}.ja.json`, import.meta.url), 'utf8'));
}
const rec = (await locale('record')).rec;
const vault = (await locale('vault')).vault;
const backupTexts = (await locale('backup')).backup;

let server;
before(async () => { server = await startServer(DIST); });
after(async () => { await server?.close(); });

async function createVault(page, pass = PASS) {
  await page.goto(server.url + '/settings');
  await appReady(page);
  await page.fill('#pass-new', pass);
  await page.fill('#pass-confirm', pass);
  await page.click('[data-testid=create-form] button[type=submit]');
  await page.waitForSelector('[data-testid=lock-now]', { timeout: 30000 });
}

async function slots(page) {
  return page.evaluate(() => [localStorage.getItem('karte.vault.a'), localStorage.getItem('karte.vault.b')]);
}

/** Waits until a save has changed the stored slots. */
async function saved(page, before) {
  await page.waitForFunction((b) => {
    const now = [localStorage.getItem('karte.vault.a'), localStorage.getItem('karte.vault.b')];
    return JSON.stringify(now) !== JSON.stringify(b);
  }, before, { timeout: 10000 });
}

/** Opens a form's disclosure unless it is open already. */
async function openForm(page, testid) {
  const details = page.locator(`[data-testid=${testid}]`);
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
}

async function writeKnownValues(page) {
  await go(page, 'profile');
  await openForm(page, 'profile-form');
  await page.getByLabel(rec.profile.name, { exact: true }).fill(NAME);
  await page.getByLabel(rec.profile.dob).fill('1950-04-02');
  await page.getByLabel(rec.profile.history).fill(DIAGNOSIS);
  let b = await slots(page);
  await page.locator('form button[type=submit]', { hasText: rec.form.save }).first().click();
  await saved(page, b);
  await go(page, 'memo');
  await openForm(page, 'memo-form');
  await page.locator('[data-testid=memo-form] textarea').fill(MEMO);
  b = await slots(page);
  await page.locator('form button[type=submit]', { hasText: rec.form.save }).first().click();
  await saved(page, b);
}

/** Every value in localStorage, IndexedDB and the Cache Storage, as text and decoded bytes. */
async function everythingStored(page) {
  return page.evaluate(async () => {
    const out = [];
    const addBytes = (bytes) => {
      out.push(new TextDecoder('utf-8', { fatal: false }).decode(bytes));
      out.push(new TextDecoder('utf-16le', { fatal: false }).decode(bytes));
    };
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      const v = localStorage.getItem(k);
      out.push(k, v);
      try { addBytes(Uint8Array.from(atob(v), (c) => c.charCodeAt(0))); } catch { /* not base64 */ }
    }
    for (let i = 0; i < sessionStorage.length; i++) out.push(sessionStorage.getItem(sessionStorage.key(i)));
    for (const info of (await indexedDB.databases?.()) ?? []) {
      const db = await new Promise((res, rej) => { const r = indexedDB.open(info.name); r.onsuccess = () => res(r.result); r.onerror = rej; });
      for (const store of db.objectStoreNames) {
        const all = await new Promise((res) => { const r = db.transaction(store).objectStore(store).getAll(); r.onsuccess = () => res(r.result); });
        out.push(JSON.stringify(all));
      }
      db.close();
    }
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const req of await cache.keys()) {
        const res = await cache.match(req);
        addBytes(new Uint8Array(await res.arrayBuffer()));
      }
    }
    return out;
  });
}

/** Fills the origin's localStorage to the brim. */
async function fillStorage(page) {
  await page.evaluate(() => {
    const chunk = 'x'.repeat(256 * 1024);
    for (let i = 0; ; i++) {
      try { localStorage.setItem('filler-' + i, chunk); } catch { break; }
    }
    for (let size = 16 * 1024; size >= 1; size = Math.floor(size / 2)) {
      for (let j = 0; ; j++) { try { localStorage.setItem(`small-${size}-${j}`, 'y'.repeat(size)); } catch { break; } }
    }
  });
}

/** Frees what `fillStorage` took. */
async function freeStorage(page) {
  await page.evaluate(() => { for (const k of Object.keys(localStorage)) if (k.startsWith('filler-') || k.startsWith('small-')) localStorage.removeItem(k); });
}

/** Asserts that none of `values` is in any storage (as text or decoded bytes). */
async function assertNotStored(page, values) {
  const stored = await everythingStored(page);
  for (const v of values) {
    const hits = stored.filter((s) => s && s.includes(v));
    assert.deepEqual(hits.map((h) => h.slice(0, 80)), [], `"${v}" found in storage`);
  }
}

const fingerprint = recordFingerprint;

async function unlock(page, pass) {
  await page.fill('#pass-unlock', pass);
  await page.click('[data-testid=unlock-form] button[type=submit]');
}

test('the stored record holds no plaintext; reload locks; wrong passphrase refused; right one opens', () => withBrowser(async (b) => {
  const { page } = b;
  await createVault(page);
  await writeKnownValues(page);
  await go(page, 'profile');
  assert.ok((await page.locator('main').innerText()).includes(NAME), 'the name is in the record');
  const stored = await everythingStored(page);
  assert.ok(stored.length > 3, 'something was stored');
  // The record's plaintext (JSON with its sharing key and share log) never reaches storage.
  // Its fragments are looked for as serialized JSON: the app's own code, precached by the
  // service worker, holds the bare constants.
  const tag = ['"format": "watashi-no-karte/record"', '"format":"watashi-no-karte/record"'];
  for (const v of [...KNOWN, ...tag, '"sharing": {', '"key": "']) {
    const hits = stored.filter((s) => s && s.includes(v));
    assert.deepEqual(hits.map((h) => h.slice(0, 80)), [], `"${v}" found in storage`);
  }

  await page.reload();
  await appReady(page);
  assert.equal(await page.innerText('main h1'), vault.unlock.title, 'locked after reload');
  assert.ok(!(await page.locator('main').innerText()).includes(NAME));
  const before = await slots(page);
  await unlock(page, OTHER);
  await page.waitForSelector('[data-testid=vault-notice]');
  assert.equal(await page.innerText('[data-testid=vault-notice]'), vault.err.wrong_passphrase);
  assert.deepEqual(await slots(page), before, 'a wrong passphrase changes nothing');
  await screenshot(page, 'vault-wrong-passphrase');
  await unlock(page, PASS);
  await page.waitForFunction(() => !document.querySelector('[data-testid=unlock-form]'));
  await go(page, 'profile');
  assert.ok((await page.locator('main').innerText()).includes(DIAGNOSIS), 'the record is back');
}));

test('backup exported, vault erased, backup imported: the same record; damaged backups are refused', () => withBrowser(async (b) => {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'karte-backup-'));
  try {
    const { page } = b;
    await createVault(page);
    await writeKnownValues(page);
    const original = await fingerprint(page);
    assert.ok(original.includes(NAME) && original.includes(MEMO));
    assert.equal(await page.innerText('[data-testid=backup-reminder] span'), backupTexts.remind.never, 'no backup yet: reminded');

    await go(page, 'settings');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-backup]')]);
    const file = path.join(tmp, download.suggestedFilename());
    await download.saveAs(file);
    const text = await fs.readFile(file, 'utf8');
    assert.match(text, /-----BEGIN KARTE BACKUP-----/);
    for (const v of KNOWN) assert.ok(!text.includes(v), `backup file holds "${v}" in plaintext`);
    await page.waitForSelector('[data-testid=last-backup]');
    await page.waitForSelector('[data-testid=backup-reminder]', { state: 'detached' });
    const persisted = await page.innerText('[data-testid=persisted]');
    assert.ok(Object.values(vault.persist).includes(persisted), `persistence status shown: ${persisted}`);

    // Damaged backups, imported over the open record: each refused with its own message,
    // storage untouched.
    const lines = text.trim().split('\n');
    const body = lines.slice(1, -1);
    const flip = (s, i) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    const cases = {
      tampered: [lines[0], flip(body[0], 60), ...body.slice(1), lines.at(-1)].join('\n'),
      truncated: lines.slice(0, Math.max(2, Math.floor(lines.length / 2))).join('\n'),
      notABackup: 'hello, this is a shopping list',
    };
    const expected = {
      tampered: vault.err.backup_wrong_or_tampered,
      truncated: vault.err.backup_truncated,
      notABackup: vault.err.not_a_backup,
      otherPassphrase: vault.err.backup_wrong_or_tampered,
    };
    const stored = await slots(page);
    for (const [name, content] of Object.entries({ ...cases, otherPassphrase: text })) {
      const f = path.join(tmp, `${name}.karte.txt`);
      await fs.writeFile(f, content);
      await page.setInputFiles('#restore-file', f);
      await page.fill('#pass-restore', name === 'otherPassphrase' ? OTHER : PASS);
      await page.click('[data-testid=restore-form] button[type=submit]');
      await page.waitForFunction((t) => document.querySelector('[data-testid=vault-notice]')?.textContent === t, expected[name], { timeout: 30000 });
      assert.deepEqual(await slots(page), stored, `${name}: storage unchanged`);
    }
    await screenshot(page, 'vault-backup-refused');

    // Erase, after confirmation.
    await page.click('[data-testid=erase]');
    await page.click('[data-testid=erase-confirm]');
    await page.waitForSelector('[data-testid=create-form]');
    assert.deepEqual(await slots(page), [null, null], 'erased');
    assert.ok(!(await fingerprint(page)).includes(NAME), 'nothing left on screen');

    // Restore onto the empty device with the backup's passphrase.
    await go(page, 'settings');
    await page.setInputFiles('#restore-file', file);
    await page.fill('#pass-restore', PASS);
    await page.click('[data-testid=restore-form] button[type=submit]');
    await page.waitForSelector('[data-testid=lock-now]', { timeout: 30000 });
    assert.equal(await fingerprint(page), original, 'the restored record is identical');

    // And it is saved: reload, unlock, same again.
    await page.reload();
    await appReady(page);
    await unlock(page, PASS);
    await page.waitForFunction(() => !document.querySelector('[data-testid=unlock-form]'));
    assert.equal(await fingerprint(page), original);
  } finally { await fs.rm(tmp, { recursive: true, force: true }); }
}));

test('a PIN is refused with guidance; the form keeps working', () => withBrowser(async (b) => {
  const { page } = b;
  await page.goto(server.url + '/settings');
  await appReady(page);
  await page.fill('#pass-new', '123456');
  assert.equal(await page.innerText('[data-testid=strength]'), vault.strength.too_short);
  await page.fill('#pass-new', '12345678');
  await page.fill('#pass-confirm', '12345678');
  assert.equal(await page.innerText('[data-testid=strength]'), vault.strength.digits_only);
  await page.click('[data-testid=create-form] button[type=submit]');
  await page.waitForSelector('[data-testid=vault-notice]');
  assert.equal(await page.innerText('[data-testid=vault-notice]'), vault.strength.digits_only);
  assert.deepEqual(await slots(page), [null, null], 'nothing created');
  await screenshot(page, 'vault-create-pin-refused');
}));

test('the vault locks itself after 5 minutes without use, and the record leaves the screen', () => withBrowser(async (b) => {
  const { page } = b;
  await page.clock.install({ time: new Date('2026-11-23T10:00:00') });
  await createVault(page);
  await writeKnownValues(page);
  await go(page, 'profile');
  assert.ok((await page.locator('main').innerText()).includes(NAME));
  await page.clock.fastForward('04:00');
  assert.ok((await page.locator('main').innerText()).includes(NAME), 'still open after 4 minutes');
  await page.clock.fastForward('01:30');
  await page.waitForSelector('[data-testid=unlock-form]');
  assert.ok(!(await page.locator('main').innerText()).includes(NAME), 'the record is gone from the screen');
  assert.equal(await page.innerText('[data-testid=vault-notice]'), vault.autolocked);
  await unlock(page, PASS);
  await page.waitForFunction(() => !document.querySelector('[data-testid=unlock-form]'));
  assert.ok((await page.locator('main').innerText()).includes(NAME), 'opens again with the passphrase');
}));

test('changing the passphrase: the old one stops working, the new one opens the same record', () => withBrowser(async (b) => {
  const { page } = b;
  await createVault(page);
  await writeKnownValues(page);
  await go(page, 'settings');
  await page.fill('#pass-current', OTHER);
  await page.fill('#pass-changed', 'hana tori kaze 2027 tsuki');
  await page.fill('#pass-changed-confirm', 'hana tori kaze 2027 tsuki');
  const before = await slots(page);
  await page.click('[data-testid=change-form] button[type=submit]');
  await page.waitForFunction((t) => document.querySelector('[data-testid=vault-notice]')?.textContent === t, vault.err.wrong_current, { timeout: 30000 });
  assert.deepEqual(await slots(page), before, 'a wrong current passphrase changes nothing');
  await page.fill('#pass-current', PASS);
  await page.fill('#pass-changed', 'hana tori kaze 2027 tsuki');
  await page.fill('#pass-changed-confirm', 'hana tori kaze 2027 tsuki');
  await page.click('[data-testid=change-form] button[type=submit]');
  await page.waitForFunction((t) => document.querySelector('[data-testid=vault-notice]')?.textContent === t, vault.changed, { timeout: 30000 });
  const after = await slots(page);
  assert.equal(after.filter(Boolean).length, 1, 'one slot left: the old key\'s slot is removed');
  await page.click('[data-testid=lock-now]');
  await go(page, '');
  await unlock(page, PASS);
  await page.waitForFunction((t) => document.querySelector('[data-testid=vault-notice]')?.textContent === t, vault.err.wrong_passphrase, { timeout: 30000 });
  await unlock(page, 'hana tori kaze 2027 tsuki');
  await page.waitForFunction(() => !document.querySelector('[data-testid=unlock-form]'), null, { timeout: 30000 });
  await go(page, 'profile');
  assert.ok((await page.locator('main').innerText()).includes(NAME));
}));

test('hidden for over a minute (another app in front): locked when the patient comes back', () => withBrowser(async (b) => {
  const { page } = b;
  await page.clock.install({ time: new Date('2026-11-23T10:00:00') });
  await createVault(page);
  const setHidden = (hidden) => page.evaluate((h) => {
    Object.defineProperty(document, 'hidden', { value: h, configurable: true });
    Object.defineProperty(document, 'visibilityState', { value: h ? 'hidden' : 'visible', configurable: true });
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true })); // as the browser fires it
  }, hidden);
  await setHidden(true);
  await page.clock.fastForward('00:30');
  await setHidden(false);
  assert.equal(await page.locator('[data-testid=lock-now]').count(), 1, 'back within 30 s: still open');
  await setHidden(true);
  await page.clock.fastForward('01:10');
  await setHidden(false);
  await page.waitForSelector('[data-testid=lock-now]', { state: 'detached' });
  await go(page, '');
  await page.waitForSelector('[data-testid=unlock-form]');
}));

test('a full storage: a clear message, the change stays on screen, and is saved once space is freed', () => withBrowser(async (b) => {
  const { page } = b;
  await createVault(page);
  await writeKnownValues(page);
  await fillStorage(page);
  const before = await slots(page);
  await go(page, 'memo');
  await page.locator('[data-testid=memo-form] textarea').fill('満杯のときのメモ FULL-7731 '.repeat(40));
  await page.locator('[data-testid=memo-form] button[type=submit]').click();
  await page.waitForSelector('[data-testid=save-problem]');
  assert.equal(await page.innerText('[data-testid=save-problem]'), vault.err.quota);
  assert.deepEqual(await slots(page), before, 'the stored record is the previous one, intact');
  assert.ok((await page.locator('main').innerText()).includes('FULL-7731'), 'the new memo is still on screen');
  await screenshot(page, 'vault-storage-full');
  // Free space; the next change saves everything, the earlier memo included.
  await freeStorage(page);
  await page.locator('[data-testid=memo-form] textarea').fill('空きができた後のメモ FREE-1177');
  await page.locator('[data-testid=memo-form] button[type=submit]').click();
  await page.waitForSelector('[data-testid=save-problem]', { state: 'detached' });
  await page.reload();
  await appReady(page);
  await unlock(page, PASS);
  await page.waitForFunction(() => !document.querySelector('[data-testid=unlock-form]'), null, { timeout: 30000 });
  await go(page, 'memo');
  const memo = await page.locator('main').innerText();
  assert.ok(memo.includes('FULL-7731') && memo.includes('FREE-1177'), 'nothing lost');
}));

test('storage full: "lock now" and auto-lock lose no change; it waits sealed, comes back at unlock, and is saved once space is freed', () => withBrowser(async (b) => {
  const { page } = b;
  await page.clock.install({ time: new Date('2026-11-23T10:00:00') });
  await createVault(page);
  await writeKnownValues(page);
  await fillStorage(page);
  const before = await slots(page);
  const EDIT = 'ロック前のメモ LOCK-5521';
  await go(page, 'memo');
  await page.locator('[data-testid=memo-form] textarea').fill(EDIT);
  await page.locator('[data-testid=memo-form] button[type=submit]').click();
  await page.waitForSelector('[data-testid=save-problem]');
  assert.ok((await page.locator('main').innerText()).includes('LOCK-5521'), 'the edit is on screen, unsaved');

  // "Lock now": the vault locks (the key goes), and says the change waits sealed.
  await go(page, 'settings');
  await page.click('[data-testid=lock-now]');
  await page.waitForSelector('[data-testid=lock-now]', { state: 'detached' });
  assert.equal(await page.innerText('[data-testid=vault-notice]'), vault.locked_unsaved);
  await go(page, '');
  await page.waitForSelector('[data-testid=unlock-form]');
  assert.ok(!(await page.locator('main').innerText()).includes('LOCK-5521'), 'the record left the screen');
  assert.deepEqual(await slots(page), before, 'storage is still full: the stored record is the previous one');
  await assertNotStored(page, [EDIT, 'LOCK-5521', ...KNOWN]);

  // Unlocked again: the edit is back (storage still full, so still unsaved and said so).
  await unlock(page, PASS);
  await page.waitForFunction(() => !document.querySelector('[data-testid=unlock-form]'), null, { timeout: 30000 });
  await go(page, 'memo');
  assert.ok((await page.locator('main').innerText()).includes('LOCK-5521'), 'the edit survived "lock now"');
  assert.equal(await page.innerText('[data-testid=save-problem]'), vault.err.quota);

  // Auto-lock with the change still unsaved: the same.
  await page.clock.fastForward('05:30');
  await page.waitForSelector('[data-testid=unlock-form]');
  assert.equal(await page.innerText('[data-testid=vault-notice]'), vault.locked_unsaved);
  assert.ok(!(await page.locator('main').innerText()).includes('LOCK-5521'));
  await assertNotStored(page, [EDIT, 'LOCK-5521', ...KNOWN]);

  // Space freed while locked: unlocking saves the change.
  await freeStorage(page);
  await unlock(page, PASS);
  await page.waitForFunction(() => !document.querySelector('[data-testid=unlock-form]'), null, { timeout: 30000 });
  await go(page, 'memo');
  assert.ok((await page.locator('main').innerText()).includes('LOCK-5521'), 'the edit survived auto-lock');
  await saved(page, before);
  await page.waitForSelector('[data-testid=save-problem]', { state: 'detached' });
  await assertNotStored(page, [EDIT, 'LOCK-5521', ...KNOWN]);

  // And it is in storage now: a reload (which would lose a change kept only in memory) keeps it.
  await page.reload();
  await appReady(page);
  await unlock(page, PASS);
  await page.waitForFunction(() => !document.querySelector('[data-testid=unlock-form]'), null, { timeout: 30000 });
  await go(page, 'memo');
  assert.ok((await page.locator('main').innerText()).includes('LOCK-5521'), 'saved, not only kept');
}));

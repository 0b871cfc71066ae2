// The planning hospital end to end, with three devices: the hospital PC, the partner clinic's
// PC and a new phone. The clinic's card is registered at the hospital; the phone (with a plan
// copied from the paper booklet) pairs with the hospital and shares its record; the hospital
// plans a colorectal capecitabine patient, prints 様式1, issues the booklet; the phone reads it
// by camera and Home shows the first appointment; the clinic, never paired, is verified; a
// hospital visit moves the plan, another records a variance (様式3 printed), a third completes
// the path, and the phone shows the follow-up chosen. The scanners at the hospital and the
// clinic are USB scanners typing (the typed path); the phone reads by camera or by paste.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DIST, startServer, launch, appReady, screenshot, go, createVault, setUpProvider } from './harness.mjs';
import { video, shownFrames, typeFrames, axe } from './qr.mjs';
import { setTextSize, layoutProblems, axeViolations } from './a11y-checks.mjs';

/** The day the three browsers believe it is (Playwright clock). */
const TODAY = '2026-11-20';

const PC = { width: 1280, height: 800 };
const HOSPITAL = '見本市立がんセンター';
const CLINIC = 'みほん内科クリニック';

async function locale(part, lang = 'ja') {
  return JSON.parse(await fs.readFile(new URL(`../../locales/${part}.${lang}.json`, import.meta.url), 'utf8'));
}
const pl = await locale('plan');
const sh = await locale('share');

let server;
let tmp;
before(async () => {
  server = await startServer(DIST);
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'karte-hospital-'));
});
after(async () => {
  await server?.close();
  await fs.rm(tmp, { recursive: true, force: true });
});

/** `YYYY-MM-DD` plus `days`. */
function addDays(iso, days) {
  const d = new Date(iso + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
/** `YYYY-MM-DD` as the Japanese plain date (`2026年12月1日`). */
const ja = (iso) => { const [y, m, d] = iso.split('-').map(Number); return `${y}年${m}月${d}日`; };

/** Prints the page to PDF and returns its text (and keeps page `n` as PNG under artifacts). */
async function printed(page, name, n = 1) {
  const pdf = path.join(tmp, `${name}.pdf`);
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path: pdf, format: 'A4', printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', String(n), '-l', String(n), pdf, path.join('artifacts', name)]);
  return execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
}

/** The phone shows its record to `institution` (paste of the frames into the provider's
 * typed scanner, as a USB scanner does); the provider's desk opens it. */
async function shareTo(f, p, institution, name) {
  await go(f, 'share');
  const choice = f.locator('[data-testid=share-show] label.choice', { hasText: institution }).locator('input[name=share-to]');
  assert.equal(await choice.count(), 1, `${institution} is offered to share with`);
  await choice.check();
  await f.click('[data-testid=share-show-button]');
  const frames = await shownFrames(f, name, tmp);
  await typeFrames(p, 'desk-scan', frames.map((x) => x.text));
  await f.click('[data-testid=share-close]');
}

/** The phone reads the provider's answer by paste (typed) and accepts it; returns the trust line. */
async function receive(f, p, name) {
  const frames = await shownFrames(p, name, tmp);
  await go(f, 'share');
  await typeFrames(f, 'receive-scan', frames.map((x) => x.text));
  await f.waitForSelector('[data-testid=receive-preview]', { timeout: 30000 });
  const trust = await f.innerText('[data-testid=receive-trust]');
  await f.click('[data-testid=receive-accept]');
  await f.waitForSelector('[data-testid=receive-result]');
  return trust;
}

test('a hospital plans, prints 様式1 and issues the booklet; partners verified; plan change, variance and completion reach the phone', { timeout: 900000 }, async () => {
  const phoneCam = path.join(tmp, 'phone-camera.y4m');
  const blank = path.join(tmp, 'blank.png');
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'color=white:s=64x64', '-frames:v', '1', blank]);
  await video([blank], phoneCam, tmp);
  const phone = await launch(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${phoneCam}`]);
  const hospital = await launch([], { viewport: PC });
  const clinic = await launch([], { viewport: PC });
  const f = phone.page;
  const h = hospital.page;
  const c = clinic.page;
  // The dates typed below (an operation on 2026-11-01, the drug from 2026-12-07) are planned
  // against a fixed "today" in all three browsers (Date only; timers run), so the test does not
  // depend on the day it runs (it assumed a real today before 2026-12-07).
  for (const p of [f, h, c]) await p.clock.setFixedTime(new Date(`${TODAY}T09:00:00+09:00`));
  try {
    // ---- The clinic and the hospital set up provider mode; the hospital registers the clinic.
    await createVault(c, server.url);
    const clinicCard = await setUpProvider(c, CLINIC, { 'prov-phone': '03-0000-2001', 'prov-fax': '03-0000-2002' });
    await createVault(h, server.url);
    const hospitalCard = await setUpProvider(h, HOSPITAL, { 'prov-role': 'PlanningHospital', 'prov-phone': '03-0000-1001', 'prov-fax': '03-0000-1002' });
    await typeFrames(h, 'reg-scan', [clinicCard]);
    await h.waitForSelector('[data-testid=registry-list]');
    assert.ok((await h.innerText('[data-testid=registry-list]')).includes(CLINIC));

    // ---- A new phone: the patient first copies the plan from the paper booklet.
    await createVault(f, server.url);
    await go(f, 'schedule');
    await f.selectOption('[data-testid=copy-path]', 'colorectal-stage23');
    await f.getByLabel((await locale('plan')).copy.operation_date).fill('2026-11-02');
    await f.getByLabel(pl.copy.hospital, { exact: true }).fill(HOSPITAL);
    await f.click('[data-testid=copy-save]');
    await f.waitForSelector('[data-testid=plan-copied]');
    await screenshot(f, 'hospital-phone-copied-plan');

    // ---- The phone pairs with the hospital (its card pasted) and shows its record.
    await go(f, 'share');
    await typeFrames(f, 'pair-scan', [hospitalCard]);
    await f.click('[data-testid=pair-confirm]');
    await f.waitForSelector('[data-testid=pair-result]');
    await shareTo(f, h, HOSPITAL, 'share-1');

    // ---- The hospital plans: the planning form, prefilled path from the copy, corrected.
    await h.waitForSelector('[data-testid=planning-form]');
    await h.fill('[data-testid=pl-name]', '見本 花子');
    await h.fill('[data-testid=pl-kana]', 'みほん はなこ');
    await h.fill('[data-testid=pl-dob]', '1955-04-02');
    await h.selectOption('[data-testid=pl-sex]', 'Female');
    await h.fill('[data-testid=pl-allergies]', 'ペニシリン');
    await h.fill('[data-testid=pl-number]', 'PN-20261101');
    await h.selectOption('[data-testid=pl-cancer]', 'colorectal');
    await h.fill('[data-testid=pl-diagnosis]', 'S状結腸癌');
    await h.selectOption('[data-testid=pl-stage]', 'IIIA');
    await h.fill('[data-testid=pl-operation]', '腹腔鏡下S状結腸切除術 OP-7731');
    await h.fill('[data-testid=pl-operation-date]', '2026-11-01');
    await h.fill('[data-testid=pl-admission-from]', '2026-10-29');
    await h.fill('[data-testid=pl-admission-to]', '2026-11-12');
    await h.selectOption('[data-testid=pl-path]', 'colorectal-capecitabine');
    await h.selectOption('[data-testid=pl-site]', 'colon');
    await h.fill('[data-testid=pl-drug-start]', '2026-12-07');
    // Issuing without a clinic is refused with its message.
    await h.click('[data-testid=pl-issue]');
    assert.equal(await h.innerText('[data-testid=pl-error]'), pl.plan.err_clinic);
    await h.selectOption('[data-testid=pl-clinic]', CLINIC);
    // The first visit of the generated schedule moved by two days, with the reason.
    const firstMove = h.locator('[data-testid=pl-schedule] input[type=date]').first();
    const first = await firstMove.inputValue();
    await firstMove.fill(addDays(first, 2));
    await h.click('[data-testid=pl-issue]');
    assert.equal(await h.innerText('[data-testid=pl-error]'), pl.plan.err_adjust_reason);
    await h.fill('[data-testid=pl-adjust-reason]', '退院の延期 AR-2211');
    await h.fill('[data-testid=pl-remarks]', '備考 RM-4410');
    await screenshot(h, 'hospital-pc-planning');
    assert.deepEqual(await axe(h), [], 'the planning screen passes axe');
    // The same screen in English (what was typed stays), then back to Japanese.
    await h.click('[data-testid=lang-toggle]');
    await h.waitForFunction(() => document.documentElement.lang === 'en');
    assert.equal(await h.inputValue('[data-testid=pl-remarks]'), '備考 RM-4410');
    assert.ok(!(await h.innerText('[data-testid=pl-schedule]')).includes('診察'), 'the schedule follows the language');
    await screenshot(h, 'hospital-pc-planning-en');
    assert.deepEqual(await axe(h), [], 'the planning screen in English passes axe');
    await h.click('[data-testid=lang-toggle]');
    await h.waitForFunction(() => document.documentElement.lang === 'ja');
    // At 200% text (the clinic PC's text set large): no layout problem, WCAG 2.2 AA clean.
    await setTextSize(h, 200);
    assert.deepEqual(await layoutProblems(h), [], 'the planning screen at 200% text');
    assert.deepEqual(await axeViolations(h), [], 'WCAG 2.2 AA at 200% text');
    await setTextSize(h, 100);

    // ---- 様式1 printed: every field, and the clinic's answer fields.
    const form1 = (await printed(h, 'hospital-form1')).replace(/\s+/g, '');
    for (const label of Object.values(pl.form1)) assert.ok(form1.includes(label.replace(/\s+/g, '')), `様式1 has ${label}`);
    assert.ok(form1.includes('■' + pl.form1.billing_yes) && form1.includes('□' + pl.form1.billing_no), 'billing: yes ticked');
    for (const value of [HOSPITAL, CLINIC, '03-0000-1001', '03-0000-2002', 'PN-20261101', '見本花子', 'OP-7731', 'RM-4410', '2026年11月1日', '2026年10月29日', '2026年12月9日']) {
      assert.ok(form1.includes(value), `様式1 holds ${value}`);
    }

    // ---- The booklet issued; the phone reads it by camera.
    await h.click('[data-testid=pl-issue]');
    await h.waitForSelector('[data-testid=desk-issued]');
    const issue = await shownFrames(h, 'issue', tmp);
    await screenshot(h, 'hospital-pc-issued');
    await video(issue.filter((_, i) => issue.length === 1 || i % 3 !== 2).map((x) => x.file), phoneCam, tmp);
    await go(f, 'share');
    await f.click('[data-testid=receive-scan-camera]');
    await f.waitForSelector('[data-testid=receive-preview]', { timeout: 60000 });
    assert.ok((await f.innerText('[data-testid=receive-trust]')).length > 0);
    assert.ok(await f.locator('[data-testid=receive-trust].notice-ok').count(), 'the hospital is verified (paired)');
    await f.click('[data-testid=receive-accept]');
    await f.waitForSelector('[data-testid=receive-result].notice-ok');
    await go(f, '');
    const home = await f.innerText('[data-testid=next-visit]');
    const today = TODAY;
    // The first appointment: the capecitabine course's first check on the drug start, moved
    // by the hospital two days later.
    assert.equal(first, '2026-12-07');
    assert.ok(home.includes(ja(addDays(first, 2))), `Home shows the first appointment: ${home}`);
    assert.ok(today < first);
    assert.ok(home.includes(CLINIC), 'at the partner clinic');
    await screenshot(f, 'hospital-phone-home-issued');
    // A new phone, not installed and with no backup yet: the one banner still leaves the date,
    // the place and the call button in sight, above the tab bar, without scrolling.
    assert.equal(await f.locator('[data-testid=backup-reminder]').count(), 1, 'the reminder is shown');
    assert.equal(await f.evaluate(() => scrollY), 0);
    const hidden = await f.evaluate(() => {
      const fold = document.querySelector('nav.tabbar').getBoundingClientRect().top;
      return ['[data-testid=next-date]', '[data-testid=next-place]', '[data-testid=next-visit] .call-button']
        .filter((sel) => document.querySelector(sel).getBoundingClientRect().bottom > fold);
    });
    assert.deepEqual(hidden, [], 'the next appointment is seen at once');
    assert.deepEqual(await axe(f), []);
    await setTextSize(f, 200);
    assert.deepEqual(await layoutProblems(f), [], 'the phone after issuance at 200% text');
    await setTextSize(f, 100);
    await f.click('[data-testid=lang-toggle]');
    await f.waitForFunction(() => document.documentElement.lang === 'en');
    await screenshot(f, 'hospital-phone-home-issued-en');
    assert.deepEqual(await axe(f), []);
    await f.click('[data-testid=lang-toggle]');
    await f.waitForFunction(() => document.documentElement.lang === 'ja');
    await go(f, 'schedule');
    assert.equal(await f.locator('[data-testid=plan-copied]').count(), 0, 'the copied plan is replaced');
    await h.click('[data-testid=desk-next]');

    // ---- The clinic, never paired with the phone, is offered and verified.
    await shareTo(f, c, CLINIC, 'share-clinic');
    await c.waitForSelector('[data-testid=visit-form]');
    await c.click('[data-testid=vf-sign]');
    await c.waitForSelector('[data-testid=desk-signed]');
    const trust = await receive(f, c, 'clinic-answer');
    assert.equal(trust, sh.sharing.verified.replace('{institution}', CLINIC));

    // ---- A hospital visit changes the plan: the next visit and the later ones move.
    await shareTo(f, h, HOSPITAL, 'share-2');
    await h.waitForSelector('[data-testid=visit-form]');
    const planned = await h.inputValue('[data-testid=vf-next-date]');
    const moved = addDays(planned, 14);
    await h.check('[data-testid=vf-plan-changed]');
    await h.locator('[data-testid=visit-form] fieldset').nth(2).locator('input[type=checkbox]').nth(2).check();
    await h.fill('[data-testid=vf-next-date]', moved);
    await h.waitForSelector('[data-testid=vf-shift]');
    await h.fill('[data-testid=vf-details]', '内服開始の延期 PC-5150');
    await h.click('[data-testid=vf-sign]');
    await h.waitForSelector('[data-testid=desk-signed]');
    await receive(f, h, 'change-answer');
    await go(f, '');
    assert.ok((await f.innerText('[data-testid=next-visit]')).includes(ja(moved)), 'Home shows the moved appointment');
    await h.click('[data-testid=desk-next]');

    // ---- A variance (reason 3, outcome 2: the path continues), 様式3 printed.
    await shareTo(f, h, HOSPITAL, 'share-3');
    await h.waitForSelector('[data-testid=visit-form]');
    await h.check('[data-testid=vf-variance]');
    await h.selectOption('[data-testid=vf-variance-reason]', '3');
    await h.selectOption('[data-testid=vf-variance-outcome]', '2');
    await h.fill('[data-testid=vf-variance-details]', '連携先の変更 VR-3003');
    await h.click('[data-testid=vf-sign]');
    await h.waitForSelector('[data-testid=desk-signed]');
    const form3 = await printed(h, 'hospital-form3', 2);
    assert.ok(form3.includes(sh.form3.title) && form3.includes('VR-3003'), '様式3 printed');
    assert.ok(form3.includes('■' + sh.form3.reason_3), 'reason 3 ticked');
    await receive(f, h, 'variance-answer');
    await h.click('[data-testid=desk-next]');

    // ---- Completion with (イ): the phone shows it.
    await shareTo(f, h, HOSPITAL, 'share-4');
    await h.waitForSelector('[data-testid=visit-form]');
    await h.selectOption('[data-testid=vf-completion]', 'イ');
    await h.click('[data-testid=vf-sign]');
    await h.waitForSelector('[data-testid=desk-signed]');
    await receive(f, h, 'completion-answer');
    await go(f, '');
    const after = await f.innerText('[data-testid=home-follow-up]');
    assert.ok(after.includes(pl.hv.follow_clinic), `the follow-up chosen: ${after}`);
    await screenshot(f, 'hospital-phone-completed');

    // ---- English: the planning screen and the phone after issuance.
    await h.click('[data-testid=desk-next]');
    for (const page of [h, f]) {
      await page.click('[data-testid=lang-toggle]');
      await page.waitForFunction(() => document.documentElement.lang === 'en');
    }
    await screenshot(h, 'hospital-pc-desk-en');
    await go(f, '');
    await screenshot(f, 'hospital-phone-home-en');
    assert.deepEqual(await axe(f), []);
    assert.ok((await f.innerText('[data-testid=home-follow-up]')).includes((await locale('plan', 'en')).hv.follow_clinic));
    for (const [who, x] of [['phone', phone], ['hospital', hospital], ['clinic', clinic]]) assert.deepEqual(x.errors, [], `no console errors (${who})`);
  } catch (e) {
    for (const [x, n] of [[f, 'phone'], [h, 'hospital'], [c, 'clinic']]) await screenshot(x, `hospital-FAILED-${n}`).catch(() => {});
    throw e;
  } finally {
    await phone.close();
    await hospital.close();
    await clinic.close();
  }
});

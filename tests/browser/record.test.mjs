// The record pages with a demo record (issue 3): with the clock fixed on 2025-06-15, a demo
// loaded from Settings shows the right next appointment and drug day on Home, the whole plan on
// the schedule, and the edit forms append entries (or say why not, keeping the input).
//
// Expected values come from the domain's schedule engine on the same date (not from what the UI
// prints), and the invented institutions of core/src/demo.rs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { DIST, ARTIFACTS, startServer, withBrowser, appReady, screenshot, createVault } from './harness.mjs';

const TODAY = { y: 2025, m: 6, d: 15 };
const INSTITUTION = { hospital: '見本市立がんセンター', clinic: 'みほん内科クリニック' };
const CLINIC_PHONE = '03-0000-2001';

const utc = (y, m, d) => new Date(Date.UTC(y, m - 1, d));
const WD_JA = '日月火水木金土';
const WD_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MON_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const dateJa = (x) => `${x.y}年${x.m}月${x.d}日（${WD_JA[utc(x.y, x.m, x.d).getUTCDay()]}）`;
const dateEn = (x) => `${WD_EN[utc(x.y, x.m, x.d).getUTCDay()]} ${x.d} ${MON_EN[x.m - 1]} ${x.y}`;

/** What the demo of `cancer` must show on TODAY, as the domain's schedule engine computes it
 * (`core/examples/demo_expect.rs`; the engine itself is tested natively against the golden
 * schedules of tests/data/schedules, which follow the templates' cited sources). */
const EXPECT = JSON.parse(execFileSync('cargo', ['run', '--quiet', '--locked', '-p', 'karte-core', '--example', 'demo_expect', '--',
  `${TODAY.y}-${String(TODAY.m).padStart(2, '0')}-${String(TODAY.d).padStart(2, '0')}`], { encoding: 'utf8' }));
function expected(cancer) {
  return EXPECT[cancer];
}

let server;
before(async () => { server = await startServer(DIST); });
after(async () => { await server?.close(); });

/** `withBrowser` with the clock fixed on TODAY. */
function withFixedDay(body) {
  return withBrowser(async (b) => {
    await b.page.clock.setFixedTime(new Date(TODAY.y, TODAY.m - 1, TODAY.d, 9, 0, 0));
    await body(b);
  });
}

/** Loads the demo of `cancer` from Settings (in-app navigation: the demo lives in memory). */
async function loadDemo(page, cancer) {
  await page.click('nav.tabbar a[data-page="more"]');
  await page.click('a.menu-item[data-page="settings"]');
  await page.waitForURL(server.url + '/settings');
  await page.check(`[data-testid=demo-loader] input[value="${cancer}"]`, { force: true });
  await page.click('[data-testid=demo-open]');
  await page.waitForURL(server.url + '/');
  await page.waitForSelector('[data-testid=next-date]');
}

async function go(page, seg) {
  if (['schedule', 'visits', 'results', ''].includes(seg)) {
    await page.click(`nav.tabbar a[data-page="${seg}"]`);
  } else {
    await page.click('nav.tabbar a[data-page="more"]');
    await page.click(`a.menu-item[data-page="${seg}"]`);
  }
  await page.waitForURL(server.url + '/' + seg);
  await appReady(page);
}

/** Touch targets >= 44px, one h1, one main. */
async function checkAccessibility(page, where) {
  const small = await page.$$eval('a[href], button, input, select, textarea, summary, [role=button]', (els) => els
    .filter((e) => e.offsetParent !== null && !e.classList.contains('skip-link'))
    .map((e) => { const r = e.getBoundingClientRect(); return { t: (e.innerText || e.tagName).slice(0, 30), w: r.width, h: r.height, tag: e.tagName, type: e.type }; })
    .filter((r) => !(r.tag === 'INPUT' && (r.type === 'radio' || r.type === 'checkbox')))
    .filter((r) => r.w < 44 || r.h < 44));
  assert.deepEqual(small, [], `${where}: touch targets under 44px`);
  assert.equal(await page.locator('h1').count(), 1, `${where}: one <h1>`);
  assert.equal(await page.locator('main').count(), 1, `${where}: one <main>`);
  const unlabelled = await page.$$eval('main input:not([type=radio]):not([type=checkbox]), main textarea, main select',
    (els) => els.filter((e) => !e.closest('label') && !(e.id && document.querySelector(`label[for="${e.id}"]`)) && !e.getAttribute('aria-label')).length);
  assert.equal(unlabelled, 0, `${where}: inputs without a label`);
}

/** What the patient sees on the phone's screen right now (not the whole page). */
async function viewShot(page, name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}

const text = async (page, sel) => (await page.locator(sel).first().innerText()).trim();

test('stomach (S-1) demo: next appointment, drug day and the whole plan, in Japanese and English', () => withFixedDay(async (b) => {
  const exp = expected('stomach');
  const { page } = b;
  await page.goto(server.url + '/');
  await appReady(page);
  await loadDemo(page, 'stomach');
  assert.ok(await page.isVisible('[data-testid=demo-banner]'), 'demo banner');
  assert.equal(await text(page, '[data-testid=next-date]'), dateJa(exp.next.date));
  assert.equal(await text(page, '[data-testid=next-place]'), INSTITUTION[exp.next.place]);
  assert.ok(await page.locator(`[data-testid=next-visit] a[href="tel:${CLINIC_PHONE.replaceAll('-', '')}"]`).count() === 1, 'tap to call the clinic');
  assert.equal(exp.drug.on, true);
  const drugDay = await text(page, '[data-testid=drug-day]');
  assert.ok(drugDay.includes(`${exp.drug.day}/${exp.drug.days}`), `drug day: ${drugDay}`);
  assert.ok(drugDay.includes('ティーエスワン'), drugDay);
  const steps = await text(page, '[data-testid=emergency-steps]');
  assert.ok(steps.includes(CLINIC_PHONE) && steps.includes('03-0000-1999'), 'emergency numbers from the record');
  await checkAccessibility(page, 'home');
  await screenshot(page, 'record-ja-home-stomach');
  // The full guidance is one tap away.
  await viewShot(page, 'record-ja-home-stomach-screen');
  await page.click('[data-testid=guide-all] summary');
  assert.ok(await page.locator('[data-testid=guide-all] .guide').count() >= 3, 'drug, cancer and general guidance');
  await checkAccessibility(page, 'home, guidance open');

  await go(page, 'schedule');
  assert.equal(await page.locator('[data-testid=plan-visit]').count(), exp.visits, 'every planned visit');
  assert.equal(await page.getAttribute('.timeline-item.is-next', 'data-visit'), exp.next.id);
  assert.equal(await page.locator('.timeline-item.is-past').count(), exp.past);
  assert.equal(await page.locator('.drug-grid .cal-today').count(), 1);
  await checkAccessibility(page, 'schedule');
  await screenshot(page, 'record-ja-schedule-stomach');
  await viewShot(page, 'record-ja-schedule-stomach-screen');

  for (const seg of ['visits', 'results', 'profile', 'partners', 'memo']) {
    await go(page, seg);
    assert.ok(await page.isVisible('[data-testid=demo-banner]'), `${seg}: demo banner`);
    await checkAccessibility(page, seg);
    await screenshot(page, `record-ja-${seg}`);
  }

  // English.
  await page.click('[data-testid=lang-toggle]');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await go(page, '');
  assert.equal(await text(page, '[data-testid=next-date]'), dateEn(exp.next.date));
  const en = await text(page, '[data-testid=drug-day]');
  assert.ok(en.includes(`day ${exp.drug.day} of ${exp.drug.days}`), en);
  await screenshot(page, 'record-en-home-stomach');
  await go(page, 'schedule');
  await screenshot(page, 'record-en-schedule-stomach');
  await go(page, 'results');
  assert.ok(await page.locator('[data-testid=analyte] svg polyline').count() >= 1, 'a chart');
  await screenshot(page, 'record-en-results');
  await go(page, 'profile');
  await screenshot(page, 'record-en-profile');
}));

test('breast (tamoxifen), colorectal and prostate demos: next appointment and daily drug line; PSA judged after prostatectomy', () => withFixedDay(async (b) => {
  const { page } = b;
  await page.goto(server.url + '/');
  await appReady(page);
  for (const cancer of ['breast', 'colorectal', 'prostate']) {
    const exp = expected(cancer);
    await loadDemo(page, cancer);
    assert.equal(await text(page, '[data-testid=next-date]'), dateJa(exp.next.date), cancer);
    assert.equal(await text(page, '[data-testid=next-place]'), INSTITUTION[exp.next.place], cancer);
    if (exp.drug) {
      assert.ok(exp.drug.daily);
      const line = await text(page, '[data-testid=drug-day]');
      assert.ok(line.includes('タモキシフェン'), line);
    } else {
      assert.equal(await page.locator('[data-testid=drug-day]').count(), 0, `${cancer}: no drug line`);
    }
    await screenshot(page, `record-ja-home-${cancer}`);
    await go(page, 'schedule');
    assert.equal(await page.locator('[data-testid=plan-visit]').count(), exp.visits, cancer);
    assert.equal(await page.getAttribute('.timeline-item.is-next', 'data-visit'), exp.next.id, cancer);
    await screenshot(page, `record-ja-schedule-${cancer}`);
  }
  // Issue 23.4: after radical prostatectomy PSA is judged at 0.2 ng/mL, not the screening 4.0,
  // and the results page says which range it uses.
  await go(page, 'results');
  const psa = page.locator('[data-testid=analyte]', { has: page.locator('[data-testid=range-basis]') });
  assert.equal(await psa.count(), 1, 'one analyte (PSA) with a path-dependent range');
  const meta = await psa.locator('.analyte-meta').first().innerText();
  assert.ok(meta.includes('0.2') && !meta.includes('4.0'), meta);
  await screenshot(page, 'record-ja-results-prostate');
}));

test('a copied breast-hormone plan with an aromatase inhibitor: Home and guidance name it', () => withFixedDay(async (b) => {
  const { page } = b;
  const plan = JSON.parse(fs.readFileSync(new URL('../../locales/plan.ja.json', import.meta.url), 'utf8'));
  const guide = JSON.parse(fs.readFileSync(new URL('../../locales/guidance.ja.json', import.meta.url), 'utf8'));
  await createVault(page, server.url);
  await go(page, 'schedule');
  await page.selectOption('[data-testid=copy-path]', 'breast-hormone');
  await page.getByLabel(plan.copy.operation_date).fill('2025-03-03');
  await page.selectOption('[data-testid=copy-drug]', 'aromatase-inhibitor');
  await page.getByLabel(plan.copy.hospital, { exact: true }).fill(INSTITUTION.hospital);
  await page.click('[data-testid=copy-save]');
  await page.waitForSelector('[data-testid=plan-copied]');
  await go(page, '');
  assert.equal(await text(page, '[data-testid=drug-day]'), guide.guide.drug.ai.today_daily);
  await page.click('[data-testid=guide-all] summary');
  const all = await page.locator('[data-testid=guide-all]').innerText();
  assert.ok(all.includes(guide.guide.drug.ai.title) && !all.includes(guide.guide.drug.tamoxifen.title), 'aromatase-inhibitor guidance, not tamoxifen\'s');
  await screenshot(page, 'record-ja-home-breast-ai');
}));

test('edits append entries; a refused entry says why and keeps the input', () => withFixedDay(async (b) => {
  const { page } = b;
  await page.goto(server.url + '/');
  await appReady(page);
  await loadDemo(page, 'lung');

  // Memo: write one; it appears first.
  await go(page, 'memo');
  const before = await page.locator('[data-testid=memo]').count();
  await page.getByLabel('メモ', { exact: true }).fill('咳が少し出る。');
  await page.click('[data-testid=memo-form] button[type=submit]');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=memo]').length === n + 1, before);
  assert.equal(await text(page, '[data-testid=memo] .prose'), '咳が少し出る。');
  assert.equal(await page.inputValue('[data-testid=memo-form] textarea'), '', 'cleared after saving');
  // An empty memo is refused with a message.
  await page.click('[data-testid=memo-form] button[type=submit]');
  assert.ok((await text(page, '[data-testid=memo-form] [role=alert] .form-error')).includes('メモ'));

  // Partners: a bad phone number is refused and the input stays.
  await go(page, 'partners');
  const partners = await page.locator('[data-testid=partner]').count();
  await page.click('[data-testid=partner-form] summary');
  await page.getByLabel('名前（病院・薬局など）').fill('みほん訪問看護ステーション');
  await page.getByLabel('電話', { exact: true }).fill('電話して');
  await page.click('[data-testid=partner-form] button[type=submit]');
  assert.ok((await text(page, '[data-testid=partner-form] [role=alert] .form-error')).includes('電話'));
  assert.equal(await page.getByLabel('名前（病院・薬局など）').inputValue(), 'みほん訪問看護ステーション', 'input kept');
  await checkAccessibility(page, 'partners form');
  await screenshot(page, 'record-ja-partners-error');
  await page.getByLabel('電話', { exact: true }).fill('03-0000-4001');
  await page.click('[data-testid=partner-form] button[type=submit]');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=partner]').length === n + 1, partners);

  // Profile: a correction supersedes the old profile.
  await go(page, 'profile');
  await page.click('[data-testid=profile-form] summary');
  await page.getByLabel('アレルギー').fill('ペニシリン\nそば');
  await page.click('[data-testid=profile-form] button[type=submit]');
  await page.waitForSelector('.corrected-mark');
  assert.ok((await text(page, '.allergies')).includes('そば'));
  await checkAccessibility(page, 'profile form');
  await screenshot(page, 'record-ja-profile-edited');
}));

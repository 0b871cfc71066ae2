// The plan into the phone's calendar, and the booklet on paper: the schedule page saves an .ics file, which a third-party
// parser (ical.js, RFC 5545) reads back: every coming visit of the plan, each with its
// reminder; the drug courses; a second export keeps every event's UID (the calendar updates
// instead of duplicating); English text in English.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ICAL from 'ical.js';
import { DIST, startServer, launch, go, screenshot, openDemo } from './harness.mjs';

const TODAY = { y: 2025, m: 6, d: 15 };
const EXPECT = JSON.parse(execFileSync('cargo', ['run', '--quiet', '--locked', '-p', 'karte-core', '--example', 'demo_expect', '--', '2025-06-15'], { encoding: 'utf8' }));
const cal = JSON.parse(await fs.readFile(new URL('../../locales/calendar.ja.json', import.meta.url), 'utf8')).cal;
const calEn = JSON.parse(await fs.readFile(new URL('../../locales/calendar.en.json', import.meta.url), 'utf8')).cal;

let server;
before(async () => { server = await startServer(DIST); });
after(async () => { await server?.close(); });

/** The stomach demo's schedule page on TODAY. */
async function demoSchedule(page) {
  await page.clock.setFixedTime(new Date(TODAY.y, TODAY.m - 1, TODAY.d, 9, 0, 0));
  await openDemo(page, server.url, 'stomach');
  await go(page, 'schedule');
}

/** Exports the calendar from the schedule page with the reminder choice `alarm` (option
 * index); returns the parsed events. */
async function exported(page, alarm) {
  await page.selectOption('[data-testid=cal-alarm]', String(alarm));
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=cal-export]')]);
  const text = await fs.readFile(await download.path(), 'utf8');
  assert.equal(download.suggestedFilename(), 'watashi-no-karte.ics');
  const comp = new ICAL.Component(ICAL.parse(text));
  return { text, events: comp.getAllSubcomponents('vevent') };
}

test('the plan exported to a calendar file: every coming visit with its reminder, stable UIDs, both languages', { timeout: 300000 }, async () => {
  const b = await launch();
  try {
    const page = b.page;
    await demoSchedule(page);
    await page.locator('[data-testid=calendar-export]').scrollIntoViewIfNeeded();
    await screenshot(page, 'calendar-schedule');

    // The day before at 9:00 (the default): every coming visit, each with a display alarm.
    const first = await exported(page, 0);
    assert.equal(await page.innerText('[data-testid=cal-outcome]'), cal.done);
    const visits = first.events.filter((e) => e.getFirstPropertyValue('uid').startsWith('visit-'));
    const coming = EXPECT.stomach.visits - EXPECT.stomach.past;
    assert.equal(visits.length, coming, 'every coming visit of the plan');
    for (const v of visits) {
      const start = v.getFirstPropertyValue('dtstart');
      assert.ok(start.isDate, 'an all-day event');
      assert.ok(start.toJSDate() >= new Date(TODAY.y, TODAY.m - 1, TODAY.d), 'from today on');
      const alarm = v.getFirstSubcomponent('valarm');
      assert.ok(alarm, `a reminder for ${v.getFirstPropertyValue('summary')}`);
      assert.equal(alarm.getFirstPropertyValue('action'), 'DISPLAY');
      assert.equal(alarm.getFirstPropertyValue('trigger').toSeconds(), -15 * 3600, 'the day before at 9:00');
      assert.ok(v.getFirstPropertyValue('summary').startsWith(cal.visit.split('{')[0]));
    }
    assert.ok(first.events.some((e) => e.getFirstPropertyValue('uid').startsWith('drug-')), 'the S-1 courses');
    assert.ok(first.text.split('\r\n').every((l) => Buffer.byteLength(l) <= 75), 'lines folded at 75 octets');

    // Exported again with another reminder: the same UIDs, the new reminder.
    const second = await exported(page, 2);
    const uids = (x) => x.events.map((e) => e.getFirstPropertyValue('uid')).sort();
    assert.deepEqual(uids(second), uids(first));
    const v2 = second.events.find((e) => e.getFirstPropertyValue('uid').startsWith('visit-'));
    assert.equal(v2.getFirstSubcomponent('valarm').getFirstPropertyValue('trigger').toSeconds(), -39 * 3600, 'two days before at 9:00');
    assert.ok(Number(v2.getFirstPropertyValue('sequence')) >= Number(visits[0].getFirstPropertyValue('sequence')));

    // No reminder; then English.
    const none = await exported(page, 4);
    assert.ok(none.events.filter((e) => e.getFirstPropertyValue('uid').startsWith('visit-')).every((e) => !e.getFirstSubcomponent('valarm')));
    await page.click('[data-testid=lang-toggle]');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    const en = await exported(page, 0);
    assert.deepEqual(uids(en), uids(first));
    const summary = en.events.find((e) => e.getFirstPropertyValue('uid').startsWith('visit-')).getFirstPropertyValue('summary');
    assert.ok(summary.startsWith(calEn.visit.split('{')[0]), summary);
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
  }
});

test('the booklet printed on A4: every part; the patient sheet alone', { timeout: 300000 }, async () => {
  const pr = JSON.parse(await fs.readFile(new URL('../../locales/print.ja.json', import.meta.url), 'utf8')).print;
  const b = await launch();
  try {
    const page = b.page;
    await demoSchedule(page);
    // The print dialog is the browser's; the PDF is what it would print.
    await page.evaluate(() => { window.print = () => {}; });
    const pdf = async (name) => {
      const file = path.join(os.tmpdir(), `karte-${name}-${process.pid}.pdf`);
      await page.emulateMedia({ media: 'print' });
      await page.pdf({ path: file, format: 'A4', printBackground: true });
      await page.emulateMedia({ media: 'screen' });
      execFileSync('pdftoppm', ['-png', '-r', '50', file, path.join('artifacts', name)]);
      const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
      const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file]).toString())[1]);
      await fs.rm(file);
      return { text: text.replace(/\s+/g, ''), pages };
    };
    await page.click('[data-testid=print-whole]');
    const whole = await pdf('print-booklet');
    for (const k of ['title', 'profile', 'sheet_title', 'visits', 'results', 'partners', 'memos']) {
      assert.ok(whole.text.includes(pr[k].replace(/\s+/g, '')), `the booklet has ${pr[k]}`);
    }
    for (const s of ['見本太郎', '見本市立がんセンター', 'みほん内科クリニック', 'CEA']) assert.ok(whole.text.includes(s), `the booklet holds ${s}`);
    assert.ok(whole.pages >= 3, `several pages: ${whole.pages}`);
    await page.click('[data-testid=print-sheet]');
    const sheet = await pdf('print-sheet');
    assert.ok(sheet.text.includes(pr.sheet_title.replace(/\s+/g, '')));
    assert.ok(!sheet.text.includes(pr.visits) && !sheet.text.includes(pr.memos), 'the sheet alone');
    assert.ok(sheet.pages < whole.pages);
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
  }
});

// Reusable accessibility checks for the browser tests (issue 16): large text, reflow on small
// screens, touch targets, axe-core with the WCAG 2.2 AA rules, the pages of the app.
//
// Each check returns a list of problems (strings): empty means the page passes. Tests assert
// `deepEqual(problems, [])`, so a failure names the element and its box.
import fs from 'node:fs/promises';
import { ARTIFACTS } from './harness.mjs';

/** axe-core's tags for WCAG 2.2 level A and AA. */
export const WCAG22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** The app's pages, read from `src/routes.rs` (`Page::segment`), so a page added there is
 * checked without touching the tests. Tabs first, then the "More" menu, as `go` reaches them. */
export async function appPages() {
  const src = await fs.readFile(new URL('../../src/routes.rs', import.meta.url), 'utf8');
  const body = src.slice(src.indexOf('pub fn segment'), src.indexOf('pub fn href'));
  const segs = Object.fromEntries([...body.matchAll(/Page::(\w+)\s*=>\s*"([^"]*)"/g)].map((m) => [m[1], m[2]]));
  const list = (name) => {
    const m = src.match(new RegExp(`pub const ${name}: \\[Page; \\d+\\] = \\[([^\\]]*)\\]`));
    return m ? [...m[1].matchAll(/Page::(\w+)/g)].map((x) => x[1]) : [];
  };
  const order = [...list('TABS'), ...list('MENU')];
  const all = list('ALL');
  for (const p of all) if (!order.includes(p)) order.push(p);
  return order.map((name) => ({ name, seg: segs[name] }));
}

/** Sets the browser's default font size (what a patient's "large text" setting changes), as a
 * percentage of the usual 16 px: 200 gives 32 px, and the app's rem and em follow. Media queries
 * in em follow it too, as on a phone. */
const sessions = new WeakMap();
const sizes = new WeakMap();
export async function setTextSize(page, percent) {
  sizes.set(page, percent);
  // The session stays open: closing it would undo the setting.
  if (!sessions.has(page)) sessions.set(page, await page.context().newCDPSession(page));
  await sessions.get(page).send('Page.setFontSizes', { fontSizes: { standard: Math.round(16 * percent / 100), fixed: Math.round(13 * percent / 100) } });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** The layout problems of the page as it is shown: overlapping controls, clipped text,
 * horizontal scrolling, touch targets under 44x44 CSS px, content the tab bar hides at the
 * end of the page. */
export async function layoutProblems(page) {
  return page.evaluate(() => {
    const problems = [];
    const CONTROLS = 'a[href], button, input, select, textarea, summary, [role=button], [tabindex]:not([tabindex="-1"])';
    const visible = (e) => {
      if (e.closest('[hidden], [aria-hidden=true]') && !e.matches('svg *')) return false;
      // Inside a closed <details>, behind display: none or visibility: hidden.
      if (!e.checkVisibility({ contentVisibilityAuto: true, visibilityProperty: true })) return false;
      const s = getComputedStyle(e);
      if (s.visibility === 'hidden' || s.display === 'none') return false;
      const r = e.getBoundingClientRect();
      if (r.width < 2 || r.height < 2) return false;
      // Visually hidden on purpose (a skip link off screen, a `visually-hidden` text).
      if (r.right <= 0 || r.bottom <= -window.scrollY || r.left >= document.documentElement.clientWidth + 1000) return false;
      return e.offsetParent !== null || s.position === 'fixed';
    };
    const name = (e) => {
      const t = (e.getAttribute('aria-label') || e.innerText || e.value || e.getAttribute('data-testid') || '').trim().replace(/\s+/g, ' ');
      const id = e.getAttribute('data-testid') ? `[data-testid=${e.getAttribute('data-testid')}]` : e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : '';
      return `${e.tagName.toLowerCase()}${id} "${t.slice(0, 40)}"`;
    };
    const box = (r) => `${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}x${Math.round(r.height)}`;
    // Fixed and sticky parts stay on screen while the page scrolls under them: their controls
    // are compared among themselves; the page's with the page's.
    const layer = (e) => {
      for (let x = e; x; x = x.parentElement) {
        const p = getComputedStyle(x).position;
        if (p === 'fixed' || p === 'sticky') return x;
      }
      return null;
    };

    // No horizontal scrolling.
    const de = document.documentElement;
    if (de.scrollWidth > de.clientWidth + 1) {
      // Named by the innermost elements reaching past the screen's edge.
      const out = (e) => e.getBoundingClientRect().right > de.clientWidth + 1;
      const culprits = [...document.body.querySelectorAll('*')].filter((e) => out(e) && ![...e.children].some(out)).slice(0, 3);
      problems.push(`horizontal scroll: page ${de.scrollWidth}px wide in ${de.clientWidth}px (${culprits.map(name).join('; ')})`);
    }

    // Touch targets: radio buttons and check boxes by their label (the real target).
    const controls = [...document.querySelectorAll(CONTROLS)].filter((e) => !e.classList.contains('skip-link') && visible(e));
    for (const e of controls) {
      const target = (e.type === 'radio' || e.type === 'checkbox') ? (e.closest('label') ?? e) : e;
      const r = target.getBoundingClientRect();
      if (r.width < 43.5 || r.height < 43.5) problems.push(`target under 44x44: ${name(target)} ${box(r)}`);
    }

    // No two controls overlap (one inside the other is one target, not an overlap).
    const rects = controls.map((e) => ({ e, r: e.getBoundingClientRect(), l: layer(e) }));
    for (let i = 0; i < rects.length; i++) {
      for (let j = i + 1; j < rects.length; j++) {
        const a = rects[i], b = rects[j];
        if (a.l !== b.l) continue;
        if (a.e.contains(b.e) || b.e.contains(a.e)) continue;
        if (a.e.closest('label') && a.e.closest('label') === b.e.closest('label')) continue;
        const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
        const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
        if (w > 1 && h > 1) problems.push(`overlap: ${name(a.e)} ${box(a.r)} and ${name(b.e)} ${box(b.r)}`);
      }
    }

    // No text clipped or spilling out of its box: every element holding text of its own.
    const all = [...document.body.querySelectorAll('*')].filter((e) => !(e instanceof SVGElement) && visible(e));
    for (const e of all) {
      const own = [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
      if (!own) continue;
      const s = getComputedStyle(e);
      if (s.display === 'inline' || s.display === 'contents') continue;
      if (e.matches('textarea, select, input')) continue;
      const scroller = /(auto|scroll)/.test(s.overflowX + s.overflowY);
      if (scroller) continue;
      if (e.scrollWidth > e.clientWidth + 1) problems.push(`text wider than its box: ${name(e)} ${e.scrollWidth}px in ${e.clientWidth}px`);
      if (e.scrollHeight > e.clientHeight + 1) problems.push(`text taller than its box: ${name(e)} ${e.scrollHeight}px in ${e.clientHeight}px`);
      // Text spilling out of the control it names (a label wider or taller than its tab).
      const ctl = e.parentElement?.closest(CONTROLS);
      if (ctl) {
        const er = e.getBoundingClientRect(), cr = ctl.getBoundingClientRect();
        if (er.right > cr.right + 1 || er.left < cr.left - 1 || er.bottom > cr.bottom + 1 || er.top < cr.top - 1) {
          problems.push(`text out of its control ${name(ctl)} ${box(cr)}: ${name(e)} ${box(er)}`);
        }
      }
      // A line of text hidden by its own box or one of its ancestors'.
      for (let x = e.parentElement; x && x !== document.body; x = x.parentElement) {
        const xs = getComputedStyle(x);
        if (xs.overflowX === 'visible' && xs.overflowY === 'visible') continue;
        if (/(auto|scroll)/.test(xs.overflowX + xs.overflowY)) break;
        const er = e.getBoundingClientRect(), xr = x.getBoundingClientRect();
        if (er.right > xr.right + 1 || er.left < xr.left - 1 || er.bottom > xr.bottom + 1 || er.top < xr.top - 1) {
          problems.push(`text clipped by ${name(x)}: ${name(e)} ${box(er)} in ${box(xr)}`);
        }
        break;
      }
    }

    // The names in navigation on one line each (a name wrapped inside its tab reads badly:
    // "Schedul / e").
    for (const e of document.querySelectorAll('nav a [class$=label], nav button')) {
      if (!visible(e)) continue;
      const lh = parseFloat(getComputedStyle(e).lineHeight) || parseFloat(getComputedStyle(e).fontSize) * 1.2;
      const lines = Math.round(e.getBoundingClientRect().height / lh);
      if (lines > 1) problems.push(`navigation name on ${lines} lines: ${name(e)}`);
    }

    // Fixed bars never hide content for good: at the end of the page, the last of it clears
    // the tab bar; the header and the tab bar leave at least half the screen to the page.
    const bar = document.querySelector('nav.tabbar');
    const header = document.querySelector('.app-header');
    if (bar && visible(bar)) {
      const br = bar.getBoundingClientRect();
      const hr = header && getComputedStyle(header).position !== 'static' ? header.getBoundingClientRect().height : 0;
      if (br.height + hr > window.innerHeight / 2) problems.push(`the header and the tab bar take ${Math.round(br.height + hr)}px of ${window.innerHeight}px`);
      const main = document.querySelector('main');
      if (main) {
        const bottom = main.getBoundingClientRect().bottom + window.scrollY;
        const reachable = de.scrollHeight - br.height;
        if (bottom > reachable + 1) problems.push(`the end of the page (${Math.round(bottom)}px) stays under the tab bar (from ${Math.round(reachable)}px)`);
      }
    }
    return problems;
  });
}

/** Screenshots at the text size set, into `artifacts/`: the screen (`fullPage: false`), or the
 * page screen by screen from the top (`name-0.png`, `name-1.png`, ..., at most `screens`).
 * Chromium's full-page capture resets its font settings and draws the page at the usual size,
 * so it would not show large text: each capture here is of the screen, the setting made again
 * after it. */
export async function shot(page, name, { fullPage = true, screens = 4 } = {}) {
  const again = async () => { if (sizes.has(page)) await setTextSize(page, sizes.get(page)); };
  await fs.mkdir(ARTIFACTS, { recursive: true });
  if (!fullPage) {
    await page.screenshot({ path: `${ARTIFACTS}/${name}.png` });
    return again();
  }
  // Each screen starts where the one before went under the tab bar.
  const { height, step } = await page.evaluate(() => ({
    height: document.documentElement.scrollHeight,
    step: window.innerHeight - (document.querySelector('nav.tabbar')?.getBoundingClientRect().height ?? 0),
  }));
  const n = Math.min(screens, Math.ceil(height / step));
  for (let i = 0; i < n; i++) {
    await page.evaluate((y) => window.scrollTo(0, y), i * step);
    await page.screenshot({ path: `${ARTIFACTS}/${name}-${i}.png` });
    await again();
  }
  await page.evaluate(() => window.scrollTo(0, 0));
}

/** Headings in order, as a screen reader lists them: one <h1> (the page's), then no level
 * skipped on the way down (h2 to h4 leaves the listener wondering what was missed). */
export async function headingProblems(page) {
  return page.evaluate(() => {
    const hs = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].filter((h) => h.checkVisibility() && !h.closest('[aria-hidden=true]'));
    const out = [];
    const ones = hs.filter((h) => h.tagName === 'H1').length;
    if (ones !== 1) out.push(`${ones} <h1>`);
    let prev = 0;
    for (const h of hs) {
      const level = Number(h.tagName[1]);
      if (level > prev + 1) out.push(`<h${level}> "${h.innerText.trim().slice(0, 40)}" after <h${prev}>`);
      prev = level;
    }
    return out;
  });
}

let axeSource;
/** axe-core's violations of the WCAG 2.2 A and AA rules, one line each (rule: targets). */
export async function axeViolations(page) {
  axeSource ??= await fs.readFile(new URL('./node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.addScriptTag({ content: axeSource });
  // Target size (2.5.8) is judged with the fixed and sticky bars in the flow: a button that
  // happens to sit under the tab bar when axe runs is one the patient scrolls clear of it.
  return page.evaluate(async (tags) => {
    const list = (r) => r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    const all = await globalThis.axe.run(document, { runOnly: { type: 'tag', values: tags }, rules: { 'target-size': { enabled: false } }, resultTypes: ['violations'] });
    const style = document.createElement('style');
    style.textContent = '.tabbar, .app-header { position: static !important; }';
    document.head.append(style);
    try {
      const size = await globalThis.axe.run(document, { runOnly: { type: 'rule', values: ['target-size'] }, resultTypes: ['violations'] });
      return [...list(all), ...list(size)];
    } finally { style.remove(); }
  }, WCAG22_AA);
}

// What the QR tests share: fake-camera videos made by ffmpeg from the frames a page shows, the
// frames a page shows (as PNG files and texts), a USB scanner typing frames, and axe-core.
import fs from 'node:fs/promises';
import path from 'node:path';

/** A video for Chromium's fake camera from PNG frames (the harness's `cameraVideo`). */
export { cameraVideo as video } from './harness.mjs';

/** The QR frames a page shows (paused), as PNG files and their texts. */
export async function shownFrames(page, name, tmp) {
  const frames = page.locator('[data-testid=qr-frames]');
  await frames.waitFor();
  const count = Number(await frames.getAttribute('data-count'));
  // The screenshots are of the codes alone: the sticky header must not cover them.
  await page.addStyleTag({ content: '.app-header { position: static !important; }' });
  if (count > 1 && (await page.locator('[data-testid=qr-pause]').count()) > 0) await page.click('[data-testid=qr-pause]');
  const out = [];
  for (let i = 0; i < count; i++) {
    const svg = page.locator('.qr-stage svg');
    const file = path.join(tmp, `${name}-${i}.png`);
    await svg.screenshot({ path: file });
    out.push({ file, text: await svg.getAttribute('data-text') });
    if (count > 1) await page.click('[data-testid=qr-next]');
  }
  return out;
}

/** Types each text and Enter into a scanner's field, as a USB scanner does; stops when the
 * transfer is complete (the scanner gives way to what it read). */
export async function typeFrames(page, id, texts) {
  for (const t of texts) {
    if ((await page.locator(`[data-testid=${id}-typed]`).count()) === 0) break;
    await page.click(`[data-testid=${id}-typed]`);
    await page.keyboard.type(t);
    await page.keyboard.press('Enter');
  }
}


/** axe-core's violations on the page (rule: node list). */
export async function axe(page) {
  const src = await fs.readFile(new URL('./node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
  await page.addScriptTag({ content: src });
  const r = await page.evaluate(async () => (await globalThis.axe.run(document, { resultTypes: ['violations'] })).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
  return r;
}


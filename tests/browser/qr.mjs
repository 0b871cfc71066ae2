// What the QR tests share: fake-camera videos made by ffmpeg from the frames a page shows, the
// frames a page shows (as PNG files and texts), a USB scanner typing frames, and axe-core.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';

/** A video for Chromium's fake camera from PNG frames: each shown for 3 of 15 frames a second,
 * centred on a white 640x480 picture. Written beside, then renamed: Chromium opens the file
 * when a page starts the camera. */
export async function video(pngs, file, tmp) {
  const dir = await fs.mkdtemp(path.join(tmp, 'frames-'));
  for (const [i, p] of pngs.entries()) await fs.copyFile(p, path.join(dir, `f${String(i).padStart(3, '0')}.png`));
  const part = file + '.part.y4m';
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-framerate', '5', '-i', path.join(dir, 'f%03d.png'),
    '-vf', "scale=w='if(gt(ih,440),440*iw/ih,iw)':h='if(gt(ih,440),440,ih)':flags=neighbor,pad=640:480:(ow-iw)/2:(oh-ih)/2:white,format=yuv420p",
    '-r', '15', part]);
  await fs.rename(part, file);
}

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


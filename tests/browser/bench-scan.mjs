// QR decoding in WebAssembly in headless Chromium, through the app's own QR worker
// (`scan-worker.js`, the decoder chunk), on a degraded image set made by
// `cargo xtask qrset DIR`: read rate, and milliseconds per 640x480 frame as the worker
// measured them (median and p90). Run by `cargo xtask bench` with KARTE_DIST and KARTE_QRSET.
import fs from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { DIST, startServer, launch, appReady } from './harness.mjs';

const SET = path.resolve(process.env.KARTE_QRSET ?? '../../target/qrset');
const lines = (await fs.readFile(path.join(SET, 'truth.tsv'), 'utf8')).split('\n').slice(1).filter((l) => l.trim());
const truth = lines.map((l) => { const [file, text] = l.split('\t'); return { file, text }; });

const server = await startServer(DIST);
const b = await launch();
try {
  const page = b.page;
  await page.goto(server.url + '/');
  await appReady(page);
  await page.evaluate(() => {
    const url = document.querySelector('meta[name=karte-kdf-worker]').content.replace('kdf-worker.js', 'scan-worker.js');
    globalThis.__qr = new Worker(url, { type: 'module' });
    globalThis.__decode = async (b64) => {
      const blob = await (await fetch('data:image/png;base64,' + b64)).blob();
      const bmp = await createImageBitmap(blob);
      const c = new OffscreenCanvas(bmp.width, bmp.height);
      const ctx = c.getContext('2d');
      ctx.drawImage(bmp, 0, 0);
      const rgba = new Uint8Array(ctx.getImageData(0, 0, bmp.width, bmp.height).data.buffer);
      return new Promise((resolve) => {
        globalThis.__qr.onmessage = (e) => resolve(e.data);
        globalThis.__qr.postMessage({ rgba, width: bmp.width, height: bmp.height }, [rgba.buffer]);
      });
    };
  });
  // The first decode loads the decoder chunk: not timed.
  const first = await fs.readFile(path.join(SET, truth[0].file));
  await page.evaluate((b64) => globalThis.__decode(b64), first.toString('base64'));
  const ms = [];
  let read = 0;
  const misses = [];
  for (const t of truth) {
    const png = await fs.readFile(path.join(SET, t.file));
    const r = await page.evaluate((b64) => globalThis.__decode(b64), png.toString('base64'));
    if (r.error) throw new Error(r.error);
    ms.push(r.ms);
    if (r.texts.includes(t.text)) read++; else misses.push(t.file);
  }
  ms.sort((a, b) => a - b);
  const q = (p) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))];
  console.log(`QR worker in headless Chromium (WebAssembly), ${truth.length} images of ${SET}:`);
  console.log(`read rate: ${(100 * read / truth.length).toFixed(1)}% (${read}/${truth.length})`);
  console.log(`ms per frame: median ${q(0.5).toFixed(1)}, p90 ${q(0.9).toFixed(1)} (target median <= 10)`);
  if (misses.length) console.log(`misses: ${misses.join(' ')}`);
  const dir = (await fs.readdir(DIST)).find((d) => d.startsWith('app-'));
  for (const f of (await fs.readdir(path.join(DIST, dir))).filter((f) => f.endsWith('.wasm'))) {
    const bytes = await fs.readFile(path.join(DIST, dir, f));
    if (f.includes('scanner') || bytes.length > 250000) {
      console.log(`chunk ${f}: ${bytes.length} bytes raw, ${zlib.brotliCompressSync(bytes).length} brotli`);
    }
  }
} finally {
  await b.close();
  await server.close();
}

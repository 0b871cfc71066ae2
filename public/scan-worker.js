// QR decoding off the main thread: the page sends one camera frame (RGBA, transferred); this
// worker runs the same WebAssembly module's `qr_decode` (which loads the decoder chunk) and
// answers with the texts of the codes found and the milliseconds it took. It sits in the
// build's module folder, next to app.js and app.wasm.
import init, { qr_decode } from './app.js';

const ready = init({ module_or_path: new URL('./app.wasm', import.meta.url) });

self.onmessage = async (event) => {
  const { rgba, width, height } = event.data;
  try {
    await ready;
    const t0 = performance.now();
    const texts = await qr_decode(rgba, width, height);
    self.postMessage({ texts, ms: performance.now() - t0 });
  } catch (e) {
    // qr_decode throws the number of a failure (src/platform.rs's KeyFailure codes);
    // anything else is posted as null: a failed decode.
    self.postMessage({ failure: typeof e === 'number' ? e : null });
  }
};

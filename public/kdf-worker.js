// Key derivation off the main thread: the page sends a passphrase, salt and Argon2id
// parameters; this worker runs the same WebAssembly module's `kdf_derive` and answers with
// the 32-byte key (transferred, not copied). It sits in the build's module folder, next to
// app.js and app.wasm.
import init, { kdf_derive } from './app.js';

const ready = init({ module_or_path: new URL('./app.wasm', import.meta.url) });

self.onmessage = async (event) => {
  const { passphrase, salt, m, t, p } = event.data;
  try {
    await ready;
    const key = await kdf_derive(passphrase, salt, m, t, p);
    self.postMessage({ key }, [key.buffer]);
  } catch (e) {
    // kdf_derive throws the number of a KeyFailure (src/platform.rs); anything else (the
    // module failed to load) is posted as null: a failed derivation.
    self.postMessage({ failure: typeof e === 'number' ? e : null });
  }
};

// Key derivation off the main thread: the page sends a passphrase, salt and Argon2id
// parameters; this worker runs the same WebAssembly module's `kdf_derive` and answers with
// the 32-byte key (transferred, not copied). xtask fills in the hashed file names.
import init, { kdf_derive } from '/{{APP_JS}}';

const ready = init({ module_or_path: '/{{APP_WASM}}' });

self.onmessage = async (event) => {
  const { passphrase, salt, m, t, p } = event.data;
  try {
    await ready;
    const key = kdf_derive(passphrase, salt, m, t, p);
    self.postMessage({ key }, [key.buffer]);
  } catch (e) {
    self.postMessage({ error: String(e) });
  }
};

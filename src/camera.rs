//! The camera and the QR worker (browser layer, beside `platform.rs`): open a camera (the rear
//! one on phones, a chosen one on PCs), grab frames, decode them in `scan-worker.js` (the same
//! WebAssembly module, decoder chunk loaded there), stop the tracks when done.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Why the camera could not be used; each has its own message and the other ways of reading
/// are offered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CameraError {
    /// Not a secure context (http:// other than localhost): browsers give no camera.
    Insecure,
    /// The browser has no camera API, or the device no camera.
    NoCamera,
    /// The person (or a policy) refused the permission.
    Denied,
    /// Another program holds the camera.
    Busy,
    /// Anything else.
    Failed,
}

/// A camera chosen by the person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CameraChoice {
    /// The device id.
    pub id: String,
    /// Its label (empty before permission).
    pub label: String,
}

/// An open camera showing in a `<video>`.
pub struct Camera {
    stream: web_sys::MediaStream,
    video: web_sys::HtmlVideoElement,
    canvas: web_sys::HtmlCanvasElement,
}

fn media_devices() -> Result<web_sys::MediaDevices, CameraError> {
    let window = web_sys::window().ok_or(CameraError::NoCamera)?;
    if !window.is_secure_context() {
        return Err(CameraError::Insecure);
    }
    let devices = js_sys::Reflect::get(&window.navigator(), &JsValue::from_str("mediaDevices")).map_err(|_| CameraError::NoCamera)?;
    if devices.is_undefined() || devices.is_null() {
        return Err(CameraError::NoCamera);
    }
    devices.dyn_into::<web_sys::MediaDevices>().map_err(|_| CameraError::NoCamera)
}

fn error_of(e: &JsValue) -> CameraError {
    let name = e.dyn_ref::<web_sys::DomException>().map(|d| d.name()).unwrap_or_default();
    match name.as_str() {
        "NotAllowedError" | "SecurityError" => CameraError::Denied,
        "NotFoundError" | "OverconstrainedError" => CameraError::NoCamera,
        "NotReadableError" | "AbortError" => CameraError::Busy,
        _ => CameraError::Failed,
    }
}

impl Camera {
    /// Opens a camera into `video`: `device` when given, else the rear camera where there is
    /// one. Frames are scaled to at most 640 pixels wide for decoding.
    ///
    /// # Errors
    /// A [`CameraError`].
    pub async fn open(video: web_sys::HtmlVideoElement, device: Option<String>) -> Result<Camera, CameraError> {
        let devices = media_devices()?;
        let constraints = web_sys::MediaStreamConstraints::new();
        let v = js_sys::Object::new();
        let set = |o: &js_sys::Object, k: &str, val: JsValue| {
            let _ = js_sys::Reflect::set(o, &JsValue::from_str(k), &val);
        };
        match device {
            Some(id) => {
                let exact = js_sys::Object::new();
                set(&exact, "exact", JsValue::from_str(&id));
                set(&v, "deviceId", exact.into());
            }
            None => {
                let ideal = js_sys::Object::new();
                set(&ideal, "ideal", JsValue::from_str("environment"));
                set(&v, "facingMode", ideal.into());
            }
        }
        let w = js_sys::Object::new();
        set(&w, "ideal", JsValue::from(1280));
        set(&v, "width", w.into());
        constraints.set_video(&v.into());
        constraints.set_audio(&JsValue::FALSE);
        let promise = devices.get_user_media_with_constraints(&constraints).map_err(|e| error_of(&e))?;
        let stream: web_sys::MediaStream = JsFuture::from(promise).await.map_err(|e| error_of(&e))?.unchecked_into();
        video.set_muted(true);
        let _ = video.set_attribute("playsinline", "");
        video.set_src_object(Some(&stream));
        if let Ok(p) = video.play() {
            let _ = JsFuture::from(p).await;
        }
        let canvas: web_sys::HtmlCanvasElement = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.create_element("canvas").ok())
            .ok_or(CameraError::Failed)?
            .unchecked_into();
        Ok(Camera { stream, video, canvas })
    }

    /// The cameras of the device (labels appear once permission was given).
    pub async fn choices() -> Vec<CameraChoice> {
        let Ok(devices) = media_devices() else { return Vec::new() };
        let Ok(p) = devices.enumerate_devices() else { return Vec::new() };
        let Ok(list) = JsFuture::from(p).await else { return Vec::new() };
        js_sys::Array::from(&list)
            .iter()
            .filter_map(|d| d.dyn_into::<web_sys::MediaDeviceInfo>().ok())
            .filter(|d| d.kind() == web_sys::MediaDeviceKind::Videoinput)
            .map(|d| CameraChoice { id: d.device_id(), label: d.label() })
            .collect()
    }

    /// The current frame as RGBA, at most 640 pixels wide; `None` before the first frame.
    pub fn frame(&self) -> Option<(Vec<u8>, u32, u32)> {
        let (vw, vh) = (self.video.video_width(), self.video.video_height());
        if vw == 0 || vh == 0 {
            return None;
        }
        let scale = (640.0 / f64::from(vw)).min(1.0);
        let (w, h) = (((f64::from(vw) * scale).round() as u32).max(1), ((f64::from(vh) * scale).round() as u32).max(1));
        self.canvas.set_width(w);
        self.canvas.set_height(h);
        let ctx: web_sys::CanvasRenderingContext2d = self.canvas.get_context("2d").ok()??.dyn_into().ok()?;
        ctx.draw_image_with_html_video_element_and_dw_and_dh(&self.video, 0.0, 0.0, f64::from(w), f64::from(h)).ok()?;
        let data = ctx.get_image_data(0.0, 0.0, f64::from(w), f64::from(h)).ok()?;
        Some((data.data().0, w, h))
    }

    /// Whether the camera has a torch, and turns it on or off (where the device offers it).
    pub fn set_torch(&self, on: bool) -> bool {
        let Some(track) = self.stream.get_video_tracks().get(0).dyn_into::<web_sys::MediaStreamTrack>().ok() else { return false };
        let caps = js_sys::Reflect::get(&track, &JsValue::from_str("getCapabilities"))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
            .and_then(|f| f.call0(&track).ok());
        let has = caps.and_then(|c| js_sys::Reflect::get(&c, &JsValue::from_str("torch")).ok()).is_some_and(|t| t.is_truthy());
        if has {
            let adv = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&adv, &JsValue::from_str("torch"), &JsValue::from_bool(on));
            let c = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&c, &JsValue::from_str("advanced"), &js_sys::Array::of1(&adv));
            if let Ok(f) = js_sys::Reflect::get(&track, &JsValue::from_str("applyConstraints")).and_then(|f| f.dyn_into::<js_sys::Function>().map_err(JsValue::from)) {
                let _ = f.call1(&track, &c);
            }
        }
        has
    }

    /// The camera's zoom range `(min, max, step)`, where the device offers zoom.
    pub fn zoom_range(&self) -> Option<(f64, f64, f64)> {
        let track = self.stream.get_video_tracks().get(0).dyn_into::<web_sys::MediaStreamTrack>().ok()?;
        let caps = js_sys::Reflect::get(&track, &JsValue::from_str("getCapabilities"))
            .ok()?
            .dyn_into::<js_sys::Function>()
            .ok()?
            .call0(&track)
            .ok()?;
        let zoom = js_sys::Reflect::get(&caps, &JsValue::from_str("zoom")).ok().filter(|z| z.is_object())?;
        let get = |k: &str| js_sys::Reflect::get(&zoom, &JsValue::from_str(k)).ok().and_then(|v| v.as_f64());
        let (min, max) = (get("min")?, get("max")?);
        (max > min).then(|| (min, max, get("step").unwrap_or(0.1)))
    }

    /// Sets the zoom (within [`Camera::zoom_range`]).
    pub fn set_zoom(&self, zoom: f64) {
        let Some(track) = self.stream.get_video_tracks().get(0).dyn_into::<web_sys::MediaStreamTrack>().ok() else { return };
        let adv = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&adv, &JsValue::from_str("zoom"), &JsValue::from_f64(zoom));
        let c = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&c, &JsValue::from_str("advanced"), &js_sys::Array::of1(&adv));
        if let Ok(f) = js_sys::Reflect::get(&track, &JsValue::from_str("applyConstraints")).and_then(|f| f.dyn_into::<js_sys::Function>().map_err(JsValue::from)) {
            let _ = f.call1(&track, &c);
        }
    }

    /// Stops every track (the camera light goes off) and detaches the video.
    pub fn stop(&self) {
        for t in self.stream.get_tracks().iter() {
            if let Ok(t) = t.dyn_into::<web_sys::MediaStreamTrack>() {
                t.stop();
            }
        }
        self.video.set_src_object(None);
    }
}

impl Drop for Camera {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The QR worker: decodes frames off the page's thread, one at a time.
pub struct QrWorker {
    worker: web_sys::Worker,
    pending: Rc<RefCell<Option<js_sys::Function>>>,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
}

/// What the worker answered.
#[derive(Clone, Debug, PartialEq)]
pub enum Decoded {
    /// The texts of the codes in the frame (often none), and the worker's milliseconds.
    Texts(Vec<String>, f64),
    /// The decoder's chunk could not be loaded (an old build after an update).
    AppPartMissing,
    /// The worker failed.
    Failed,
}

impl QrWorker {
    /// Starts the worker (`scan-worker.js`, beside the KDF worker in the build's module folder).
    pub fn start() -> Option<QrWorker> {
        let url = crate::platform::kdf_worker_url()?.replace("kdf-worker.js", "scan-worker.js");
        let opts = web_sys::WorkerOptions::new();
        opts.set_type(web_sys::WorkerType::Module);
        let worker = web_sys::Worker::new_with_options(&url, &opts).ok()?;
        let pending: Rc<RefCell<Option<js_sys::Function>>> = Rc::default();
        let p = pending.clone();
        let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            if let Some(resolve) = p.borrow_mut().take() {
                let _ = resolve.call1(&JsValue::NULL, &e.data());
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        Some(QrWorker { worker, pending, _on_message: on_message })
    }

    /// Decodes one RGBA frame (its buffer is transferred to the worker).
    pub async fn decode(&self, rgba: Vec<u8>, width: u32, height: u32) -> Decoded {
        let data = js_sys::Uint8Array::from(rgba.as_slice());
        let msg = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&msg, &JsValue::from_str("rgba"), &data);
        let _ = js_sys::Reflect::set(&msg, &JsValue::from_str("width"), &JsValue::from(width));
        let _ = js_sys::Reflect::set(&msg, &JsValue::from_str("height"), &JsValue::from(height));
        let pending = self.pending.clone();
        let promise = js_sys::Promise::new(&mut |resolve, _| *pending.borrow_mut() = Some(resolve));
        if self.worker.post_message_with_transfer(&msg, &js_sys::Array::of1(&data.buffer())).is_err() {
            return Decoded::Failed;
        }
        let Ok(reply) = JsFuture::from(promise).await else { return Decoded::Failed };
        if let Some(failure) = js_sys::Reflect::get(&reply, &JsValue::from_str("failure")).ok().filter(|f| !f.is_undefined()) {
            return match crate::platform::KeyFailure::from_code(failure.as_f64()) {
                crate::platform::KeyFailure::AppPartMissing => Decoded::AppPartMissing,
                crate::platform::KeyFailure::Derive => Decoded::Failed,
            };
        }
        let texts = js_sys::Reflect::get(&reply, &JsValue::from_str("texts"))
            .map(|t| js_sys::Array::from(&t).iter().filter_map(|s| s.as_string()).collect())
            .unwrap_or_default();
        let ms = js_sys::Reflect::get(&reply, &JsValue::from_str("ms")).ok().and_then(|m| m.as_f64()).unwrap_or(0.0);
        Decoded::Texts(texts, ms)
    }
}

impl Drop for QrWorker {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

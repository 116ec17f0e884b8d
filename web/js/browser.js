// The browser functions the app calls that web-sys does not give in one call, in one module: the
// page fetches it with the app (a file each, as wasm-bindgen's inline snippets were, was six
// requests before the first page could start). Each part names the Rust module that uses it.

// api/mod.rs: a large body, gzip-compressed before it is sent.
export async function gzip(text) {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

// clipboard.rs: false when the browser does not allow it.
export async function writeClipboard(text) {
  try { await navigator.clipboard.writeText(text); return true; } catch { return false; }
}

// download.rs: a file for the browser to save.
export function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url; a.download = name; document.body.appendChild(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// pages/job_status.rs: a notification when a watched job ends.
export function notificationPermission() {
  return typeof Notification === "undefined" ? "unsupported" : Notification.permission;
}
export async function askNotificationPermission() {
  try { return await Notification.requestPermission(); } catch { return "denied"; }
}
export function notify(title, body) {
  try { new Notification(title, { body }); } catch {}
}

// storage/large.rs: drafts too large for localStorage, in IndexedDB (database `jobs`, store
// `drafts`).
function openDrafts() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open("jobs", 1);
    request.onupgradeneeded = () => request.result.createObjectStore("drafts");
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}
async function inDrafts(mode, work) {
  const db = await openDrafts();
  try {
    return await new Promise((resolve, reject) => {
      const t = db.transaction("drafts", mode);
      const request = work(t.objectStore("drafts"));
      t.oncomplete = () => resolve(request.result ?? null);
      t.onerror = t.onabort = () => reject(t.error);
    });
  } finally {
    db.close();
  }
}
export function idbPut(key, text) { return inDrafts("readwrite", (s) => s.put(text, key)); }
export function idbGet(key) { return inDrafts("readonly", (s) => s.get(key)); }
export function idbDelete(key) { return inDrafts("readwrite", (s) => s.delete(key)); }

/* Service worker of the tablet page: keeps the page shell for work without a network.
   Data (visits, records) never passes through this cache: the page keeps it itself and talks
   to /api/v1/ directly. Rendered by zabota.field.views.service_worker. */
"use strict";
const VERSION = "{{ version }}";
const CACHE = "zabota-field-" + VERSION;
const SHELL = {{ shell|safe }};
const APP_URL = "{{ app_url }}";
const API_URL = "{{ api_url }}";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(SHELL.map((url) => new Request(url, { cache: "reload" }))))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(
        keys.filter((key) => key.startsWith("zabota-field-") && key !== CACHE)
          .map((key) => caches.delete(key))
      ))
      .then(() => self.clients.claim())
  );
});

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), ms);
    promise.then((value) => { clearTimeout(timer); resolve(value); },
                 (error) => { clearTimeout(timer); reject(error); });
  });
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith(API_URL)) return;
  if (request.mode === "navigate") {
    if (url.pathname !== APP_URL) return;
    // The page: fresh when the network answers soon, the cached copy otherwise.
    event.respondWith(
      withTimeout(fetch(request), 5000)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone();
            caches.open(CACHE).then((cache) => cache.put(APP_URL, copy));
          }
          return response;
        })
        .catch(() => caches.match(APP_URL))
    );
    return;
  }
  if (SHELL.includes(url.pathname)) {
    event.respondWith(
      caches.match(url.pathname).then((cached) => cached || fetch(request))
    );
  }
});

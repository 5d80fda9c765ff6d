// backrub's service worker: keeps the player page and the app's files for when the
// network is gone. Served as /sw.js (a route, so its scope is the whole site).
//
// Only two kinds of request are its business, both GET on this origin: the app's files
// under /static/ and two pages, the home (where the installed app starts, with its Start
// button) and the signed-in player (/player). Both go to the network first
// and fall back to the copy kept from the last answer, so online nothing is ever stale
// and offline the routine that was open can be opened again. Everything else (other
// pages, forms, the API, htmx's requests) never meets this worker. Saved sessions do
// not pass through here either: offline-queue.js keeps them in IndexedDB.
"use strict";

var VERSION = "backrub-1";
var FILES = VERSION + "-files";
var PAGES = "backrub-pages"; // emptied by offline-queue.js when nobody is signed in
var KEPT_PAGES = ["/", "/player"];
var PRECACHE = [
  "/static/backrub.css",
  "/static/backrub.js",
  "/static/player.js",
  "/static/player-clock.js",
  "/static/player-signals.js",
  "/static/offline-queue.js",
  "/static/vendor/htmx-2.0.11.min.js",
  "/static/manifest.webmanifest",
  "/static/icons/backrub.svg",
  "/static/icons/backrub-192.png",
  "/static/icons/backrub-512.png"
];

self.addEventListener("install", function (event) {
  // One by one: a file that is missing must not keep the worker from installing.
  event.waitUntil(
    caches.open(FILES).then(function (cache) {
      return Promise.all(
        PRECACHE.map(function (url) {
          return cache.add(url).catch(function () {});
        })
      );
    })
  );
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches
      .keys()
      .then(function (names) {
        return Promise.all(
          names
            .filter(function (name) {
              return name !== FILES && name !== PAGES;
            })
            .map(function (name) {
              return caches.delete(name);
            })
        );
      })
      .then(function () {
        return self.clients.claim(); // the page that registered it is kept from now on
      })
  );
});

function networkFirst(request, cacheName) {
  return fetch(request).then(
    function (response) {
      if (response.ok && response.type === "basic") {
        var copy = response.clone();
        caches.open(cacheName).then(function (cache) {
          return cache.put(request, copy);
        });
      }
      return response;
    },
    function () {
      return caches.match(request, { ignoreSearch: true }).then(function (kept) {
        return kept || Response.error();
      });
    }
  );
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(networkFirst(request, FILES));
  } else if (KEPT_PAGES.indexOf(url.pathname) >= 0 && request.mode === "navigate") {
    event.respondWith(networkFirst(request, PAGES));
  }
});

// backrub's offline queue: a session saved in the player waits here until the journal has it.
//
// Each saved session is one IndexedDB record keyed by the id the player made for that run
// (the form's `session_id`), so saving again replaces it and the server, which keeps one
// session per id, never stores it twice. A record leaves the queue only when the server
// answers 200 (saved, or saved before); a refusal that trying again cannot change (409,
// 422) is kept, marked, never sent again; a 400 (a routine opened by another account, or
// too old) is tried again only after another sign-in. Nothing is sent while the browser is
// offline or nobody is signed in (the page has no `csrf-token` meta then): the queue is
// sent when the page loads, when the network comes back, when the player saves, and 30 s
// after a try that met no network or a server error.
//
// This file also registers the service worker (/sw.js) and, signed out, forgets the
// pages it kept for offline use. It exposes `window.backrubQueue` for player.js.
(function () {
  "use strict";

  var DB_NAME = "backrub";
  var STORE = "queue";
  var PAGES = "backrub-pages"; // the service worker's cache of personal pages
  var REFUSED = [400, 409, 422]; // answers that sending again as is cannot change
  var RETRY_MS = 30000; // after a network failure or a server error, try again this soon

  function openDb() {
    return new Promise(function (resolve, reject) {
      var request = window.indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "id" });
      };
      request.onsuccess = function () {
        resolve(request.result);
      };
      request.onerror = function () {
        reject(request.error);
      };
    });
  }

  // One transaction on the queue; `work(store)` may return a request whose result answers.
  function inQueue(mode, work) {
    if (!window.indexedDB) return Promise.reject(new Error("no IndexedDB"));
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var request = work(tx.objectStore(STORE));
        tx.oncomplete = function () {
          db.close();
          resolve(request ? request.result : undefined);
        };
        tx.onerror = tx.onabort = function () {
          db.close();
          reject(tx.error);
        };
      });
    });
  }

  function put(item) {
    return inQueue("readwrite", function (store) {
      return store.put(item);
    });
  }

  function all() {
    return inQueue("readonly", function (store) {
      return store.getAll();
    });
  }

  function remove(id) {
    return inQueue("readwrite", function (store) {
      return store.delete(id);
    });
  }

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  // The token changes at every sign-in: a routine another account could not take may
  // belong to the one signed in now.
  function waiting() {
    return all().then(function (items) {
      return items.filter(function (item) {
        var refused = item.refused;
        return !refused || (refused.status === 400 && refused.token !== csrfToken());
      });
    });
  }

  // Send one session; answers "sent", "refused" or "kept" (to try again later).
  function send(item, result) {
    var body = new URLSearchParams();
    item.fields.forEach(function (pair) {
      body.append(pair[0], pair[1]);
    });
    var headers = { Accept: "application/json", "X-CSRF-Token": csrfToken() };
    var options = { method: "POST", body: body, headers: headers, credentials: "same-origin" };
    return window.fetch("/player/session", options).then(
      function (response) {
        if (response.ok) {
          result.sent.push(item.id);
          return remove(item.id);
        }
        if (REFUSED.indexOf(response.status) < 0) {
          result.retry = result.retry || response.status >= 500; // 401, 403: at the next sign-in
          result.signedOut = result.signedOut || response.status === 401;
          return result.kept.push(item.id);
        }
        result.refused[item.id] = response.status;
        item.refused = { status: response.status, token: csrfToken() };
        return put(item);
      },
      function () {
        result.retry = true; // the network went away meanwhile, or the server is down
        result.kept.push(item.id);
      }
    );
  }

  function sendAll() {
    var result = { sent: [], refused: {}, kept: [] };
    return waiting().then(function (items) {
      return items
        .reduce(function (before, item) {
          return before.then(function () {
            return send(item, result);
          });
        }, Promise.resolve())
        .then(function () {
          return result;
        });
    });
  }

  var flushing = null;

  // Send what waits, one at a time, one tab at a time; answers {sent, refused, kept}.
  function flush() {
    if (!csrfToken() || !navigator.onLine) {
      return Promise.resolve({ sent: [], refused: {}, kept: [], held: true });
    }
    if (flushing) {
      return flushing.then(flush, flush); // what was queued meanwhile goes next
    }
    var locks = navigator.locks;
    var run = locks ? locks.request("backrub-queue", sendAll) : sendAll();
    flushing = run.then(
      function (result) {
        flushing = null;
        if (result.retry) window.setTimeout(flush, RETRY_MS);
        if (result.sent.length) {
          window.dispatchEvent(new CustomEvent("backrub:sent", { detail: result }));
        }
        return result;
      },
      function (error) {
        flushing = null;
        throw error;
      }
    );
    return flushing;
  }

  // Outside the player, a line saying the ratings made on this device reached the journal.
  function announce(event) {
    if (document.getElementById("player")) return; // the player says it itself
    var main = document.getElementById("main");
    if (!main || document.getElementById("queue-note")) return;
    var note = document.createElement("p");
    note.id = "queue-note";
    note.className = "queue-note";
    note.setAttribute("role", "status");
    var count = event.detail.sent.length;
    note.textContent =
      (count === 1 ? "The session" : "The " + count + " sessions") +
      " you rated on this device " +
      (count === 1 ? "is" : "are") +
      " now in your journal.";
    main.insertBefore(note, main.firstChild);
  }

  // The sign-up page says the ratings waiting here will follow the new account.
  function offerToKeep() {
    var offer = document.getElementById("keep-ratings");
    if (!offer) return;
    waiting().then(
      function (items) {
        offer.hidden = items.length === 0;
      },
      function () {}
    );
  }

  // The signed-in player, opened before the worker was there to keep it: keep a copy now,
  // so that it opens again offline. (The copy is its own run: a new ticket, a new id.)
  function keepThePlayer() {
    var player = document.querySelector('#player[data-signed-in="true"]');
    if (!player || window.location.pathname !== "/player" || !window.caches) return;
    window.caches.open(PAGES).then(function (cache) {
      return cache.match("/player").then(function (kept) {
        return kept || cache.add("/player");
      });
    });
  }

  function registerWorker() {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.register("/sw.js").then(
      function () {
        if (!csrfToken() && window.caches) window.caches.delete(PAGES); // signed out: forget
        else keepThePlayer();
      },
      function () {} // refused (no HTTPS, private mode): the app works online as before
    );
  }

  function quietly(promise) {
    promise.catch(function () {}); // no IndexedDB here: nothing was queued either
  }

  window.backrubQueue = { put: put, all: all, remove: remove, waiting: waiting, flush: flush };
  window.addEventListener("backrub:sent", announce);
  window.addEventListener("online", function () {
    quietly(flush());
  });
  function setUp() {
    registerWorker();
    offerToKeep();
    quietly(flush());
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();

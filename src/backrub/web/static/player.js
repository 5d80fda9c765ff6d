// backrub's player: keeps time for today's routine, says the cues, keeps the screen on.
//
// Every word it shows or says and every cue time comes from the page (the JSON in
// #player-data, made from backrub.session.clock.cue_points and cues.spoken), so this
// file decides no content. Without it the page is a list of steps and one form.
//
// The clock itself is player-clock.js (a port of backrub/session/clock.py); this file
// schedules a tick for the next whole second or the next cue, whichever comes first, and
// never counts ticks, so late timers cause no drift.
//
// Hands-free: a chime and a buzz (player-signals.js) at each step change and ten seconds
// before; keys Space (pause or resume), N (next), B (back), except in a text field. The
// form's root carries `is-running` while a step's clock runs, for the diagram's motion.
//
// Saving goes through the offline queue (offline-queue.js): the run gets its own id at
// Start, the session is kept in IndexedDB, then sent; offline, or signed out, it waits
// there and the page says so. Without IndexedDB the form posts as it does without script.
// No inline scripts or styles anywhere (the Content-Security-Policy forbids them).
(function () {
  "use strict";

  var MUTE_KEY = "backrub.player.muted";

  function clockText(seconds) {
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function readMuted() {
    try {
      return window.localStorage.getItem(MUTE_KEY) === "1";
    } catch (error) {
      return false; // storage refused (private mode): speak, the default
    }
  }

  function storeMuted(muted) {
    try {
      if (muted) window.localStorage.setItem(MUTE_KEY, "1");
      else window.localStorage.removeItem(MUTE_KEY);
    } catch (error) {
      // storage refused: the choice holds for this page only
    }
  }

  // The screen kept on while the routine runs, where the browser allows it.
  function ScreenLock() {
    this.wanted = false;
    this.lock = null;
  }

  ScreenLock.prototype.hold = function () {
    this.wanted = true;
    this.request();
  };

  ScreenLock.prototype.request = function () {
    var self = this;
    var wakeLock = navigator.wakeLock;
    if (!self.wanted || self.lock || !wakeLock || document.visibilityState !== "visible") return;
    self.lock = "pending";
    wakeLock.request("screen").then(
      function (lock) {
        self.lock = lock;
        if (lock && lock.addEventListener) {
          lock.addEventListener("release", function () {
            if (self.lock === lock) self.lock = null; // the system let go: hidden tab
          });
        }
        if (!self.wanted) self.release();
      },
      function () {
        self.lock = null; // refused (battery saver, no permission): the screen may sleep
      }
    );
  };

  ScreenLock.prototype.release = function () {
    this.wanted = false;
    var lock = this.lock;
    if (!lock || lock === "pending") return;
    this.lock = null;
    if (lock.release) {
      var released = lock.release();
      if (released && released.catch) released.catch(function () {});
    }
  };

  // A fresh id for this run, so that sending its session twice is one write.
  function newId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map
      .call(bytes, function (byte) {
        return (byte < 16 ? "0" : "") + byte.toString(16);
      })
      .join("");
  }

  // Which signal a batch of events calls for: a step change outranks the warning, and a
  // batch (a tab that slept) gives one signal, not one per event missed.
  function signalFor(events) {
    var kind = null;
    events.forEach(function (event) {
      if (event.kind === "step_start" || event.kind === "finished") kind = "change";
      else if (event.kind === "ten_seconds" && !kind) kind = "warning";
    });
    return kind;
  }

  function typing(target) {
    return !!target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  function Player(form, data) {
    this.form = form;
    this.data = data;
    this.session = new window.backrubSession(data.steps);
    this.timer = null;
    this.resumeAfterConfirm = false;
    this.screen = new ScreenLock();
    this.muted = readMuted();
    this.startWall = 0;
    this.part = "before";
    this.node = function (id) {
      return document.getElementById(id);
    };
    this.cards = form.querySelectorAll(".player-step");
  }

  Player.prototype.setUp = function () {
    var self = this;
    var actions = {
      start: self.start,
      pause: self.togglePause,
      next: self.next,
      back: self.back,
      stop: self.askStop,
      "stop-yes": self.stop,
      "stop-no": self.goOn,
      mute: self.toggleMute
    };
    self.form.querySelectorAll("[data-player]").forEach(function (button) {
      var action = actions[button.getAttribute("data-player")];
      button.addEventListener("click", function () {
        action.call(self);
      });
      button.hidden = false;
    });
    self.form.addEventListener("submit", function (event) {
      // Enter in a field before or during the routine must not save it as done.
      if (self.part !== "after") event.preventDefault();
      else if (window.backrubQueue) {
        event.preventDefault();
        self.keep();
      }
    });
    document.addEventListener("keydown", function (event) {
      self.key(event);
    });
    window.addEventListener("backrub:sent", function (event) {
      if (event.detail.sent.indexOf(self.sessionId()) >= 0) self.showKept("sent");
    });
    self.node("player-keys").hidden = false;
    window.addEventListener("beforeunload", function (event) {
      if (!self.session.live()) return;
      event.preventDefault(); // leaving would lose the session: the browser asks first
      event.returnValue = "";
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState !== "visible") return;
      self.screen.request();
      if (self.session.state === "running") self.tick(); // timers slept with the tab
    });
    self.node("player-hint-timer").hidden = false;
    self.node("player-hint-list").hidden = true;
    var save = self.node("player-save");
    save.textContent = save.getAttribute("data-label-js");
    self.showMuted();
    self.show("before", false);
  };

  // Which part of the page shows: "before", "running" or "after"; `focus` moves there.
  Player.prototype.show = function (part, focus) {
    this.part = part;
    this.node("player-before").hidden = part !== "before";
    this.node("player-run").hidden = part !== "running";
    this.node("player-steps").hidden = part !== "running";
    this.node("player-after").hidden = part !== "after";
    var heading = this.node("player-" + part + "-title");
    if (heading && focus !== false) heading.focus();
  };

  Player.prototype.now = function () {
    return window.performance.now();
  };

  Player.prototype.sessionId = function () {
    return this.form.elements.namedItem("session_id").value;
  };

  // Space, N and B while the routine runs; Space on a button keeps its own meaning.
  Player.prototype.key = function (event) {
    if (this.part !== "running" || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.defaultPrevented || typing(event.target)) return;
    var key = event.key.toLowerCase();
    if (key === " " && /^(BUTTON|A|SUMMARY)$/.test(event.target.tagName)) return;
    var action = { " ": this.togglePause, n: this.next, b: this.back }[key];
    if (!action) return;
    event.preventDefault();
    action.call(this);
  };

  Player.prototype.start = function () {
    var id = this.form.elements.namedItem("session_id");
    if (!id.value) id.value = newId();
    if (window.backrubSignals) window.backrubSignals.wake(); // sound is allowed after a tap
    this.startWall = Date.now();
    this.session.start(this.now());
    this.screen.hold();
    this.show("running");
    this.update();
  };

  Player.prototype.togglePause = function () {
    this.node("player-confirm").hidden = true;
    if (this.session.state === "running") this.session.pause(this.now());
    else this.session.resume(this.now());
    this.update();
  };

  Player.prototype.next = function () {
    this.node("player-confirm").hidden = true;
    this.session.next(this.now());
    this.update();
  };

  Player.prototype.back = function () {
    this.node("player-confirm").hidden = true;
    this.session.back(this.now());
    this.update();
  };

  Player.prototype.askStop = function () {
    this.resumeAfterConfirm = this.session.state === "running";
    if (this.resumeAfterConfirm) this.session.pause(this.now());
    this.update();
    if (!this.session.live()) return;
    this.node("player-confirm").hidden = false;
    this.node("player-stop-yes").focus();
  };

  Player.prototype.goOn = function () {
    this.node("player-confirm").hidden = true;
    if (this.resumeAfterConfirm) this.session.resume(this.now());
    this.update();
  };

  Player.prototype.stop = function () {
    this.node("player-confirm").hidden = true;
    this.session.abort(this.now());
    this.update();
  };

  Player.prototype.toggleMute = function () {
    this.muted = !this.muted;
    storeMuted(this.muted);
    if (this.muted && window.speechSynthesis) window.speechSynthesis.cancel();
    this.showMuted();
  };

  Player.prototype.showMuted = function () {
    this.node("player-mute").setAttribute("aria-pressed", this.muted ? "true" : "false");
  };

  Player.prototype.say = function (text) {
    var speech = window.speechSynthesis;
    if (this.muted || !text || !speech || !window.SpeechSynthesisUtterance) return;
    try {
      if (speech.speaking) speech.cancel(); // a new cue cuts off a stale one, as in the CLI
      var utterance = new window.SpeechSynthesisUtterance(text);
      utterance.lang = document.documentElement.lang || "en";
      speech.speak(utterance);
    } catch (error) {
      // no speech here: the screen still shows every cue
    }
  };

  Player.prototype.words = function (event) {
    if (event.kind === "step_start") return this.data.steps[event.index].spoken;
    if (event.kind === "finished") return this.data.closing;
    if (event.kind === "aborted") return this.data.stopped;
    return event.cue ? event.cue.text : "";
  };

  Player.prototype.tick = function () {
    this.session.advance(this.now());
    this.update();
  };

  // Say what fell due, draw the clock, and sleep until the next change.
  Player.prototype.update = function () {
    var self = this;
    var now = self.now();
    var events = self.session.takeEvents();
    events.forEach(function (event) {
      self.say(self.words(event));
    });
    var signal = signalFor(events);
    if (signal && window.backrubSignals) window.backrubSignals.signal(signal);
    window.clearTimeout(self.timer);
    self.timer = null;
    if (!self.session.live()) {
      if (self.session.state !== "ready") self.finish();
      return;
    }
    self.draw(now);
    if (self.session.state === "running") {
      var wait = Math.max(1, Math.ceil(self.session.untilNextChange(now)));
      self.timer = window.setTimeout(function () {
        self.tick();
      }, wait);
    }
  };

  Player.prototype.draw = function (now) {
    var session = this.session;
    var paused = session.state === "paused";
    for (var i = 0; i < this.cards.length; i += 1) this.cards[i].hidden = i !== session.index;
    this.node("player-countdown").textContent = clockText(Math.ceil(session.stepLeft(now) / 1000));
    var sessionLeft = Math.ceil(session.sessionLeft(now) / 1000);
    this.node("player-left").textContent = clockText(sessionLeft);
    this.node("player-progress").value = this.data.total - sessionLeft;
    this.node("player-run").classList.toggle("player-run--paused", paused);
    this.form.classList.toggle("is-running", session.state === "running");
    this.node("player-paused").hidden = !paused;
    var pause = this.node("player-pause");
    pause.textContent = pause.getAttribute(paused ? "data-label-resume" : "data-label-pause");
    var next = this.node("player-next");
    next.textContent = next.getAttribute(session.preparing() ? "data-label-skip" : "data-label-next");
    var status = this.node("player-status");
    var title = this.cards[session.index].getAttribute("data-title");
    if (status.textContent !== title) status.textContent = title; // announced once per step
  };

  // The session is over: fill the form's hidden fields and ask how it went.
  Player.prototype.finish = function () {
    var session = this.session;
    var fields = this.form.elements;
    var started = new Date(this.startWall);
    var ended = new Date(this.startWall + (session.endedAt - session.startedAt));
    fields.namedItem("status").value = session.state === "finished" ? "completed" : "aborted";
    fields.namedItem("steps_done").value = session.stepsDone(session.endedAt).join(",");
    fields.namedItem("started").value = started.toISOString();
    fields.namedItem("ended").value = ended.toISOString();
    fields.namedItem("utc_offset").value = String(-started.getTimezoneOffset());
    this.screen.release();
    this.form.classList.remove("is-running");
    this.node("player-closing").hidden = session.state !== "finished";
    this.node("player-stopped").hidden = session.state !== "aborted";
    this.show("after");
  };

  // Save: into the queue first (never lost), then to the journal when it can go.
  Player.prototype.keep = function () {
    var self = this;
    var id = self.sessionId() || newId();
    self.form.elements.namedItem("session_id").value = id;
    var fields = [];
    new window.FormData(self.form).forEach(function (value, name) {
      if (name !== "csrf_token") fields.push([name, String(value)]);
    });
    var save = self.node("player-save");
    save.disabled = true;
    var item = { id: id, fields: fields, queued: new Date().toISOString() };
    window.backrubQueue
      .put(item)
      .then(function () {
        if (self.form.getAttribute("data-signed-in") !== "true") return self.showKept("signed-out");
        return window.backrubQueue.flush().then(function (result) {
          if (result.sent.indexOf(id) >= 0) return window.location.assign("/progress");
          if (result.refused[id]) return self.postPlainly(id); // the server's page says why
          self.showKept(result.signedOut ? "signed-out" : "offline");
        });
      })
      .catch(function () {
        self.postPlainly(id); // no IndexedDB here (private mode): the ordinary form post
      });
  };

  Player.prototype.postPlainly = function (id) {
    var form = this.form;
    window.backrubQueue.remove(id).then(
      function () {
        form.submit();
      },
      function () {
        form.submit();
      }
    );
  };

  // Where the saved session is: "offline", "signed-out" (waiting here) or "sent".
  Player.prototype.showKept = function (where) {
    this.node("player-save").hidden = true;
    this.node("player-kept-offline").hidden = where !== "offline";
    this.node("player-kept-signed-out").hidden = where !== "signed-out";
    this.node("player-kept-sent").hidden = where !== "sent";
  };

  function setUp() {
    var form = document.getElementById("player");
    var source = document.getElementById("player-data");
    if (!form || !source || form.getAttribute("data-reviewing") === "true") return;
    new Player(form, JSON.parse(source.textContent)).setUp();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();

// backrub's player clock: a port of backrub.session.clock.Player, with no DOM, for player.js.
//
// Each step ends at an absolute deadline on the caller's clock (performance.now(): the
// previous deadline plus the step's seconds), a pause freezes the time left, and events
// (step starts, cues, the end) are queued to be taken, so late timers cause no drift.
// The plan's `before` step (heat) comes first in `steps`, marked `preparing`: Next skips
// it, Back from step 1 never returns to it, and it is never a step done.
(function () {
  "use strict";

  // The session clock: a port of backrub.session.clock.Player (no DOM). Times are in ms.
  function Session(steps) {
    this.steps = steps;
    this.first = 0; // the index of step 1: the `before` steps come first
    while (this.first < steps.length && steps[this.first].preparing) this.first += 1;
    this.state = "ready";
    this.index = 0;
    this.deadline = 0; // running: when the current step ends
    this.left = steps[0].seconds * 1000; // otherwise: ms left in the step
    this.fired = {}; // cue kinds given in the current run
    this.done = {}; // step indexes done (a run of at least half the step)
    this.startedAt = null;
    this.endedAt = null;
    this.events = []; // {kind, index, cue}: due since last taken
  }

  Session.prototype.stepMs = function (index) {
    return this.steps[index].seconds * 1000;
  };

  Session.prototype.leftAt = function (now) {
    return this.state === "running" ? this.deadline - now : this.left;
  };

  Session.prototype.nextCue = function () {
    var cues = this.steps[this.index].cues; // earliest first: most seconds left first
    for (var i = 0; i < cues.length; i += 1) {
      if (!this.fired[cues[i].kind]) return cues[i];
    }
    return null;
  };

  // Give every cue and step end due by `now`, each at its own deadline.
  Session.prototype.advance = function (now) {
    while (this.state === "running") {
      var cue = this.nextCue();
      var at = this.deadline - (cue ? cue.at * 1000 : 0);
      if (at > now) return;
      if (cue) {
        this.fired[cue.kind] = true;
        this.events.push({ kind: cue.kind, index: this.index, cue: cue });
        continue;
      }
      this.closeRun(0);
      if (this.index + 1 < this.steps.length) this.beginRun(this.index + 1, at);
      else this.end("finished", at);
    }
  };

  Session.prototype.closeRun = function (left) {
    if (this.stepMs(this.index) - left >= this.stepMs(this.index) / 2) this.done[this.index] = true;
  };

  Session.prototype.beginRun = function (index, at) {
    this.index = index;
    this.fired = {};
    if (this.state === "running") this.deadline = at + this.stepMs(index);
    else this.left = this.stepMs(index);
    this.events.push({ kind: "step_start", index: index });
  };

  Session.prototype.end = function (state, at) {
    this.left = Math.max(this.leftAt(at), 0);
    this.state = state;
    this.endedAt = at;
    this.events.push({ kind: state, index: this.index });
  };

  Session.prototype.start = function (now) {
    this.state = "running";
    this.startedAt = now;
    this.deadline = now + this.left;
    this.events.push({ kind: "step_start", index: 0 });
  };

  Session.prototype.pause = function (now) {
    this.advance(now);
    if (this.state !== "running") return;
    this.left = this.deadline - now;
    this.state = "paused";
  };

  Session.prototype.resume = function (now) {
    if (this.state !== "paused") return;
    this.state = "running";
    this.deadline = now + this.left;
  };

  Session.prototype.live = function () {
    return this.state === "running" || this.state === "paused";
  };

  // Skip to the next step (keeping running or paused); skipping the last one finishes.
  Session.prototype.next = function (now) {
    this.advance(now);
    if (!this.live()) return;
    this.closeRun(this.leftAt(now));
    if (this.index + 1 < this.steps.length) this.beginRun(this.index + 1, now);
    else this.end("finished", now);
  };

  Session.prototype.preparing = function () {
    return this.index < this.first;
  };

  // Go to the previous step and restart it (on step 1 or before it: restart it).
  Session.prototype.back = function (now) {
    this.advance(now);
    if (!this.live()) return;
    this.closeRun(this.leftAt(now));
    var floor = this.preparing() ? 0 : this.first;
    this.beginRun(Math.max(this.index - 1, floor), now);
  };

  Session.prototype.abort = function (now) {
    this.advance(now);
    if (!this.live()) return;
    this.closeRun(this.leftAt(now));
    this.end("aborted", now);
  };

  Session.prototype.stepLeft = function (now) {
    return this.state === "finished" ? 0 : Math.max(this.leftAt(now), 0);
  };

  Session.prototype.sessionLeft = function (now) {
    var later = 0;
    if (this.state !== "finished") {
      for (var i = this.index + 1; i < this.steps.length; i += 1) later += this.stepMs(i);
    }
    return this.stepLeft(now) + later;
  };

  // Step numbers done; the current step counts once half of it has run. Never `before`.
  Session.prototype.stepsDone = function (now) {
    var numbers = [];
    for (var i = this.first; i < this.steps.length; i += 1) {
      var live = i === this.index && this.live();
      var half = live && this.stepMs(i) - this.stepLeft(now) >= this.stepMs(i) / 2;
      if (this.done[i] || half) numbers.push(this.steps[i].n);
    }
    return numbers;
  };

  // Ms until the countdown shows another second or a cue or step end is due.
  Session.prototype.untilNextChange = function (now) {
    var left = this.deadline - now;
    var untilSecond = left - (Math.ceil(left / 1000) - 1) * 1000;
    var cue = this.nextCue();
    var untilCue = left - (cue ? cue.at * 1000 : 0);
    return Math.min(untilSecond, untilCue);
  };

  Session.prototype.takeEvents = function () {
    var events = this.events;
    this.events = [];
    return events;
  };


  window.backrubSession = Session;
})();

// The player's chime and buzz: heard and felt on a muted phone or one without a voice.
//
// A chime is made here, in code, with WebAudio (no sound files): sine tones that swell
// in 20 ms and fade out over most of a second, quiet enough not to startle. A buzz is
// navigator.vibrate, where the device has one. Two signals:
//   "change": a step starts or the routine ends: two rising notes and two buzzes;
//   "warning": ten seconds are left in a step: one note and one short buzz.
// The audio context is made on the first signal, which follows the Start button's tap
// (browsers only let a page make sound after a person acts on it).
(function () {
  "use strict";

  var SIGNALS = {
    change: { notes: [660, 880], buzz: [180, 90, 180] },
    warning: { notes: [660], buzz: [120] }
  };
  var VOLUME = 0.18;
  var NOTE_GAP = 0.18; // seconds between the notes of one signal
  var FADE = 0.9; // seconds for a note to fade out

  var context = null;

  function audio() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return null;
    if (!context) {
      try {
        context = new Context();
      } catch (error) {
        return null; // no audio device: the buzz and the screen still tell
      }
    }
    if (context.state === "suspended" && context.resume) {
      var resumed = context.resume();
      if (resumed && resumed.catch) resumed.catch(function () {});
    }
    return context;
  }

  function note(ctx, frequency, at) {
    var oscillator = ctx.createOscillator();
    var gain = ctx.createGain();
    oscillator.type = "sine";
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(VOLUME, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + FADE);
    oscillator.connect(gain);
    gain.connect(ctx.destination);
    oscillator.start(at);
    oscillator.stop(at + FADE + 0.05);
  }

  function signal(kind) {
    var shape = SIGNALS[kind];
    if (!shape) return;
    var ctx = audio();
    if (ctx) {
      try {
        shape.notes.forEach(function (frequency, index) {
          note(ctx, frequency, ctx.currentTime + index * NOTE_GAP);
        });
      } catch (error) {
        // the audio device went away: the buzz still tells
      }
    }
    if (typeof navigator.vibrate === "function") {
      try {
        navigator.vibrate(shape.buzz);
      } catch (error) {
        // vibration refused (no user gesture yet, or none on this device)
      }
    }
  }

  window.backrubSignals = { signal: signal, wake: audio };
})();

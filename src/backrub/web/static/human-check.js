// The ALTCHA widget, vendored. Its "external" build injects no styles and bundles no
// workers, so it runs under the site's CSP: the SHA-256 worker is a file served from
// here, and the words are ours.
import "./vendor/altcha-3.2.2/altcha.min.js";

const altcha = globalThis.$altcha;
const worker = () => new Worker("/static/vendor/altcha-3.2.2/altcha-worker-sha.js");
altcha.algorithms.set("SHA-256", worker);
altcha.i18n.set("en", {
  ariaLinkLabel: "About ALTCHA, the check used here",
  cancel: "Cancel",
  enterCode: "Enter the code",
  enterCodeAria: "Enter the code you hear. Press Space to play it.",
  enterCodeFromImage: "To go on, type the code in the picture below.",
  error: "The check that you are a person failed. Try again in a moment.",
  expired: "The check that you are a person ran out of time. Try again.",
  footer: "",
  getAudioChallenge: "Hear the code instead",
  label: "I am a person (your browser checks when you send)",
  loading: "Loading…",
  reload: "Start again",
  verify: "Check",
  verificationRequired: "Let the check that you are a person finish first.",
  verified: "Checked: you are a person",
  verifying: "Checking you are a person…",
  waitAlert: "Checking you are a person… please wait.",
});

// A short help page per section: what it is for, the steps, and what can go wrong. Shown by the Help panel
// (F1, or Help › Help for this section).
import type { SectionId } from "../bindings";

export interface HelpPage {
  /** What the section is for, in a sentence or two. */
  purpose: string;
  /** The usual steps, in order. */
  steps: string[];
  /** What can go wrong, each with what to do. */
  problems: { problem: string; fix: string }[];
}

export const HELP: Record<SectionId, HelpPage> = {
  connect: {
    purpose: "Choose where calls happen: the built-in Sandbox (no account, no network) or your Vonage account. Secrets are kept in the system keychain, never in a file.",
    steps: [
      "New here? Start the first-call guide: it does each step with you.",
      "For a real account, add a profile and fill in the API key, API secret and application ID from the Vonage dashboard (API Settings, and Applications › your application).",
      "Paste the application's private key: the file the dashboard downloaded when you generated the key pair.",
      "Press Check: each step says whether the account, the application and the key work.",
    ],
    problems: [
      { problem: "Check says the key or secret is wrong.", fix: "Copy it again from the dashboard; a key pasted with spaces or only in part is refused with the reason." },
      { problem: "Check says Vonage could not be reached.", fix: "You are offline or a firewall blocks api.nexmo.com. The Sandbox works offline." },
    ],
  },
  webhooks: {
    purpose: "Tell Vonage where to send calls: your public tunnel address and the answer, event and fallback webhooks it calls.",
    steps: [
      "On the Sandbox nothing is needed: it reaches Callboard directly.",
      "With an account, start ngrok (ngrok http 3000) and press Read from ngrok, or paste its https address.",
      "Press Prove it: Callboard sends a request out through the tunnel and checks it comes back.",
      "Review the push: a table shows each address before and after. Push, and Undo puts them back.",
    ],
    problems: [
      { problem: "Prove it fails.", fix: "The tunnel is not running or points at another port than the listener's (shown in the status bar)." },
      { problem: "The push warns the webhooks point at another server.", fix: "Someone else's server uses this application. Push only if you mean to take it over; Undo restores it." },
    ],
  },
  compose: {
    purpose: "Build the NCCO that answers your calls: a list of actions, each a card with a form, the JSON beside it.",
    steps: [
      "Start from a template under New, or add actions from the palette.",
      "Fill in each card; mistakes are explained on their field, many with a one-click fix.",
      "Save (Ctrl+S), then Make active: the answer webhook serves it to every call.",
    ],
    problems: [
      { problem: "Make active is refused.", fix: "Only an NCCO without errors can be active; the findings list says what to fix." },
      { problem: "The JSON has a syntax error.", fix: "Its line and column are shown; the cards keep the last valid version until it is fixed." },
    ],
  },
  flows: {
    purpose: "Build a whole call, such as \"press 1 for sales\", by pointing and clicking. Callboard answers every branch itself; no server of your own is needed.",
    steps: [
      "Start from a template (keypad menu, speech menu, voicemail) or a new flow.",
      "Click a step to edit what it says; add where the call goes next with \"When the caller presses…\" and the other buttons.",
      "Make the flow active, place a call (Calls, or the Sandbox phone) and press keys: the timeline shows each step taken.",
      "Show a call's path lights the steps a call went through.",
    ],
    problems: [
      { problem: "A branch is never taken.", fix: "The check says why: the input cannot produce those keys, or the step cannot be reached." },
      { problem: "Callers cannot interrupt the prompt.", fix: "Turn on barge-in for the prompt (the finding has a one-click fix)." },
    ],
  },
  calls: {
    purpose: "Place test calls from the desktop and follow each one on a single timeline: every webhook, event, step and recording.",
    steps: [
      "Choose the number to call (on the Sandbox, the virtual phone's number is filled in).",
      "Press Call; the timeline fills in as Vonage rings, answers and runs your NCCO.",
      "Hang up, mute, play a message or send keys into the live call from here.",
      "Save as a test turns what the call heard and pressed into a call test.",
    ],
    problems: [
      { problem: "The call ends at once.", fix: "Open the answer exchange on the timeline: an NCCO with errors, or a server that did not answer in time." },
      { problem: "Nobody answers.", fix: "On the Sandbox, the phone's setting may be Busy or No answer (Sandbox phone section)." },
    ],
  },
  tests: {
    purpose: "Scripted calls on the Sandbox that prove a flow or your own server: what the caller hears, presses and says, step by step.",
    steps: [
      "New test, then add steps: hear some words, press keys, expect a step, hang up.",
      "Run it: each step turns green as it passes, or says what happened instead.",
      "Export it as a .toml file to run the same test in your CI with callboard-cli test.",
    ],
    problems: [
      { problem: "A hear step fails.", fix: "The failure lists every caption heard: the words differ, or they came later than the step allows." },
    ],
  },
  inspector: {
    purpose: "Every webhook and call-audio WebSocket that reaches Callboard, as it arrived and as it was answered; recorded, searchable and replayable.",
    steps: [
      "Click a row to see the request, the answer and what Vonage would find wrong with it.",
      "Replay sends it again, to Callboard or to your own server.",
      "Export saves what the filter shows, as JSON lines or HAR.",
    ],
    problems: [
      { problem: "Nothing arrives.", fix: "Check Webhooks: the tunnel must be proved and pushed. The Doctor finds which link is missing." },
    ],
  },
  phone: {
    purpose: "A virtual phone on the Sandbox: it rings when your application calls it, and can dial your numbers. Hear the prompts as captions, press keys, say words.",
    steps: [
      "Choose how it picks up (answers, busy, no answer) and what it hears.",
      "Place a call in Calls, or dial a number here.",
      "While a call is live, press keys on the keypad or type what to say.",
    ],
    problems: [
      { problem: "Keys pressed seem lost.", fix: "Keys pressed while a prompt cannot be interrupted are dropped, as on Vonage; turn on barge-in." },
    ],
  },
  doctor: {
    purpose: "The setup guide's troubleshooting list, run for you: each link from credentials to the webhooks, checked in order, with a fix for each problem.",
    steps: [
      "Open it after any change; it runs by itself.",
      "A red check says what was sent, what came back and how to fix it; many fixes are one click.",
    ],
    problems: [
      { problem: "The answer webhook is too slow.", fix: "Vonage waits only as long as the application's socket timeout; answer faster or raise it (Webhooks)." },
    ],
  },
};

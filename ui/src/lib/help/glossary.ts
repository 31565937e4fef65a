// The words a user meets, each explained once in plain words: the Help panel's glossary and the tooltips
// wherever the words appear (Glossed.svelte).

export interface Term {
  /** The word as it appears. */
  term: string;
  /** Other spellings that mean the same (matched like the term). */
  aliases?: string[];
  /** What it means, in a sentence or two. */
  meaning: string;
}

export const GLOSSARY: readonly Term[] = [
  { term: "NCCO", meaning: "Call Control Object: the list of actions (say this, ask for a key, connect to that) Vonage runs on a call. Callboard builds it for you in Compose and Flows." },
  { term: "webhook", aliases: ["webhooks"], meaning: "An address Vonage calls over the internet when something happens: the answer webhook asks what to do with a new call, the event webhook hears how it goes." },
  { term: "answer webhook", meaning: "The address Vonage asks for the NCCO when a call starts. Callboard answers it with the active NCCO or flow." },
  { term: "event webhook", meaning: "The address Vonage tells about each change in a call: ringing, answered, a key pressed, completed." },
  { term: "fallback", meaning: "The address Vonage tries when the answer or event webhook fails or times out." },
  { term: "tunnel", meaning: "A public address (from ngrok, for example) that forwards to Callboard on your computer, so Vonage can reach it from the internet. The Sandbox needs none." },
  { term: "listener", meaning: "Callboard's own small web server on your computer, which receives Vonage's webhooks and call audio." },
  { term: "Sandbox", meaning: "Callboard's built-in stand-in for Vonage: an account, numbers and a virtual phone, so everything works with no account and no network." },
  { term: "DTMF", aliases: ["dtmf"], meaning: "The tones a phone's keypad sends: \"press 1 for sales\" is DTMF input." },
  { term: "E.164", meaning: "The international way to write a phone number: country code then number, digits only, no + or spaces (447700900000)." },
  { term: "WebSocket", aliases: ["websocket", "WebSockets"], meaning: "A connection that stays open: Vonage uses one to send a call's audio to your server and play back what it sends." },
  { term: "flow", aliases: ["flows"], meaning: "A whole call as steps joined by what the caller presses or says, each answered by Callboard itself." },
  { term: "call test", aliases: ["call tests"], meaning: "A scripted call on the Sandbox that checks what the caller hears, presses and says, step by step." },
  { term: "barge-in", aliases: ["bargeIn"], meaning: "Letting the caller press a key or speak while a prompt is still playing, instead of waiting for it to end." },
  { term: "JWT", meaning: "A signed token Callboard makes from your application's private key to prove to Vonage it may place and control calls." },
  { term: "private key", meaning: "The secret half of your Vonage application's key pair, downloaded when the application was created. Kept in the system keychain." },
  { term: "application", meaning: "A Vonage Application: the settings (webhooks, keys) that tie your numbers to your code." },
  { term: "signature", aliases: ["signed", "unsigned"], meaning: "Vonage can sign each webhook with your signature secret so your server can tell it came from Vonage. Optional; \"unsigned\" is normal when signing is off." },
  { term: "SSML", meaning: "Markup inside spoken text that changes how it is said (pauses, emphasis). Optional." },
  { term: "BCP-47", meaning: "The standard way to name a language and region, such as en-GB or es-MX." },
  { term: "HAR", meaning: "A file format browsers use to save web requests; Inspector can export to it." },
];

/** The glossary entry for a word, by its term or an alias, ignoring case. */
export function lookUp(word: string): Term | undefined {
  const wanted = word.toLowerCase();
  return GLOSSARY.find((t) => t.term.toLowerCase() === wanted || t.aliases?.some((a) => a.toLowerCase() === wanted));
}

/** A piece of text, or a glossary term found in it. */
export type Piece = { text: string; term?: Term };

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
// Longest first, so "answer webhook" wins over "webhook".
const WORDS = GLOSSARY.flatMap((t) => [t.term, ...(t.aliases ?? [])]).sort((a, b) => b.length - a.length);
const PATTERN = new RegExp(`(?<![\\w.-])(${WORDS.map(escape).join("|")})(?![\\w-])`, "g");

/** `text` cut into plain pieces and glossary terms, each term explained only the first time it appears. */
export function gloss(text: string): Piece[] {
  const pieces: Piece[] = [];
  const seen = new Set<string>();
  let at = 0;
  for (const match of text.matchAll(PATTERN)) {
    const term = lookUp(match[0]);
    if (!term || seen.has(term.term)) continue;
    seen.add(term.term);
    if (match.index > at) pieces.push({ text: text.slice(at, match.index) });
    pieces.push({ text: match[0], term });
    at = match.index + match[0].length;
  }
  if (at < text.length) pieces.push({ text: text.slice(at) });
  return pieces;
}

// The virtual phone's view of its call, built from what it notices.
import type { PhoneEvent } from "../bindings";

/** The keys of a phone's keypad, in its order. */
export const KEYPAD = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#"];

export interface PhoneCall {
  uuid: string;
  from: string;
  answered: boolean;
  /** The final status once it ended. */
  ended: string | null;
  /** The call keeps this phone's audio from the others. */
  muted: boolean;
  /** The call keeps the others' audio from this phone. */
  earmuffed: boolean;
  /** What it heard, in order: speech as captions, audio files and keys as notes. */
  heard: { kind: "speech" | "note"; text: string }[];
  /** The keys pressed on its keypad in this call (the last 24), as a phone's display shows them. */
  pressed: string;
}

/** The call after its keypad's `key` was pressed. */
export function withPressed(call: PhoneCall, key: string): PhoneCall {
  return { ...call, pressed: (call.pressed + key).slice(-24) };
}

/** The call after `event`: a ringing call replaces an ended one; events of other calls are ignored. */
export function applyPhoneEvent(call: PhoneCall | null, event: PhoneEvent): PhoneCall | null {
  if (event.type === "ringing") {
    if (call && !call.ended && call.uuid !== event.call) return call;
    return { uuid: event.call, from: event.from, answered: false, ended: null, muted: false, earmuffed: false, heard: [], pressed: "" };
  }
  if (!call || call.uuid !== event.call) return call;
  switch (event.type) {
    case "answered":
      return { ...call, answered: true };
    case "caption":
      return { ...call, heard: [...call.heard, { kind: "speech", text: event.text }] };
    case "audio":
      return { ...call, heard: [...call.heard, { kind: "note", text: `♪ audio from ${event.source}` }] };
    case "unplayable":
      return { ...call, heard: [...call.heard, { kind: "note", text: `♪ Not played: ${event.reason}` }] };
    case "keys":
      return { ...call, heard: [...call.heard, { kind: "note", text: `Keys sent to it: ${event.digits}` }] };
    case "muted":
      return {
        ...call,
        muted: event.on,
        heard: [...call.heard, { kind: "note", text: event.on ? "Muted: the call no longer hears this phone" : "Unmuted: the call hears this phone again" }],
      };
    case "earmuffed":
      return {
        ...call,
        earmuffed: event.on,
        heard: [...call.heard, { kind: "note", text: event.on ? "Earmuffed: this phone no longer hears the call" : "Earmuff taken off: this phone hears the call again" }],
      };
    case "ended":
      return { ...call, ended: event.status };
  }
}

import { describe, expect, it } from "vitest";
import { applyPhoneEvent, withPressed } from "./phone";

describe("applyPhoneEvent", () => {
  it("follows one call from ringing to its end", () => {
    let call = applyPhoneEvent(null, { type: "ringing", call: "a", from: "447700900000" });
    call = applyPhoneEvent(call, { type: "answered", call: "a" });
    call = applyPhoneEvent(call, { type: "caption", call: "a", text: "Hello" });
    call = applyPhoneEvent(call, { type: "keys", call: "a", digits: "12" });
    call = withPressed(withPressed(call!, "3"), "#");
    call = applyPhoneEvent(call, { type: "ended", call: "a", status: "completed" });
    expect(call).toEqual({
      uuid: "a",
      from: "447700900000",
      answered: true,
      ended: "completed",
      muted: false,
      earmuffed: false,
      heard: [
        { kind: "speech", text: "Hello" },
        { kind: "note", text: "Keys sent to it: 12" },
      ],
      pressed: "3#",
    });
    // A new call starts with an empty display.
    expect(applyPhoneEvent(call, { type: "ringing", call: "b", from: "1" })?.pressed).toBe("");
  });

  it("shows the call muting and earmuffing the phone, and undoing it", () => {
    let call = applyPhoneEvent(null, { type: "ringing", call: "a", from: "1" });
    call = applyPhoneEvent(call, { type: "muted", call: "a", on: true });
    call = applyPhoneEvent(call, { type: "earmuffed", call: "a", on: true });
    expect([call?.muted, call?.earmuffed]).toEqual([true, true]);
    call = applyPhoneEvent(call, { type: "muted", call: "a", on: false });
    expect([call?.muted, call?.earmuffed]).toEqual([false, true]);
    expect(call?.heard.map((line) => line.text)).toEqual([
      "Muted: the call no longer hears this phone",
      "Earmuffed: this phone no longer hears the call",
      "Unmuted: the call hears this phone again",
    ]);
  });

  it("says why an audio file was not played", () => {
    let call = applyPhoneEvent(null, { type: "ringing", call: "a", from: "1" });
    call = applyPhoneEvent(call, { type: "audio", call: "a", source: "https://x/hold.mp3" });
    call = applyPhoneEvent(call, { type: "unplayable", call: "a", source: "https://x/hold.mp3", reason: "https://x/hold.mp3 is not a WAV file." });
    expect(call?.heard.map((line) => line.text)).toEqual(["♪ audio from https://x/hold.mp3", "♪ Not played: https://x/hold.mp3 is not a WAV file."]);
  });

  it("keeps a live call when another rings, and ignores other calls' events", () => {
    const live = applyPhoneEvent(null, { type: "ringing", call: "a", from: "1" });
    expect(applyPhoneEvent(live, { type: "ringing", call: "b", from: "2" })?.uuid).toBe("a");
    expect(applyPhoneEvent(live, { type: "caption", call: "b", text: "x" })).toBe(live);
    const ended = applyPhoneEvent(live, { type: "ended", call: "a", status: "busy" });
    expect(applyPhoneEvent(ended, { type: "ringing", call: "b", from: "2" })?.uuid).toBe("b");
  });
});

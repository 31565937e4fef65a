import { describe, expect, it } from "vitest";
import type { Timeline, TimelineEntry } from "../bindings";
import { isLive, statusTone } from "./calls";

function entry(kind: string, title: string): TimelineEntry {
  return { at_ms: 0, kind, title, detail: "", tone: "info", exchange_id: null, stream_id: null, recording_url: null, ncco: null, flow: null };
}

function timeline(...entries: TimelineEntry[]): Timeline {
  return {
    call: { uuid: "u", conversation_uuid: "c", to: "447700900123", from: "", ncco_source: "answer_webhook", placed_at_ms: 0, status: null },
    entries,
  };
}

describe("calls", () => {
  it("is live until its own leg reports a final status", () => {
    expect(isLive(timeline(entry("placed", "Placed from Callboard"), entry("event", "answered")))).toBe(true);
    expect(isLive(timeline(entry("event", "answered"), entry("event", "completed (other leg)")))).toBe(true);
    expect(isLive(timeline(entry("event", "busy")))).toBe(false);
    expect(isLive(timeline(entry("event", "completed")))).toBe(false);
  });

  it("colours statuses", () => {
    expect([statusTone("completed"), statusTone("busy"), statusTone("failed"), statusTone(null)]).toEqual(["ok", "warn", "bad", "info"]);
  });
});

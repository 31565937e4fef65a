import { describe, expect, it } from "vitest";
import type { ListenerSettings } from "../bindings";
import { answeringSummary, bytes, duration, keptSummary, pretty, statusTone } from "./format";

describe("inspector formats", () => {
  it("shows durations at a useful precision", () => {
    expect(duration(420)).toBe("0.42 ms");
    expect(duration(12_400)).toBe("12 ms");
    expect(duration(1_250_000)).toBe("1.3 s");
  });

  it("indents JSON bodies and leaves others as they came", () => {
    expect(pretty('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(pretty("status=ringing")).toBe("status=ringing");
    expect(pretty("  ")).toBe("");
  });

  it("shows sizes in the unit a person reads at a glance", () => {
    expect([bytes(900), bytes(20_000), bytes(3_500_000), bytes(52_000_000), bytes(2_147_483_648)]).toEqual([
      "900 B",
      "20 kB",
      "3.3 MB",
      "50 MB",
      "2.0 GB",
    ]);
  });

  it("says what is kept and for how long", () => {
    const settings = {
      forward: { enabled: false, base_url: "", answer: true, event: true, fallback: true, stream: true },
      reply: { kind: "none" },
      retention: { days: 30, max_megabytes: 1024 },
    } as ListenerSettings;
    const kept = keptSummary({ exchanges: 1234, stream_sessions: 5, bytes: 3_500_000, oldest_ms: 0 }, settings);
    expect(kept.text).toBe("1,234 kept · 3.3 MB");
    expect(kept.title).toContain("the last 30 days, up to 1 GB");
  });

  it("colours statuses by class", () => {
    expect([statusTone(200), statusTone(404), statusTone(503)]).toEqual(["ok", "warn", "bad"]);
  });

  it("sums up how the listener answers", () => {
    const settings: ListenerSettings = {
      forward: { enabled: false, base_url: "http://127.0.0.1:8000", answer: true, event: true, fallback: true, stream: true },
      reply: { kind: "none" },
      retention: { days: 30, max_megabytes: 1024 },
    };
    expect(answeringSummary(settings)).toBe("Answering with the active NCCO");
    settings.forward.enabled = true;
    expect(answeringSummary(settings)).toBe("Forwarding every route to http://127.0.0.1:8000");
    settings.forward.fallback = false;
    settings.forward.stream = false;
    expect(answeringSummary(settings)).toBe("Forwarding answer, event to http://127.0.0.1:8000");
  });
});

import { describe, expect, it } from "vitest";
import type { ListenerSettings } from "../bindings";
import { answeringSummary, duration, pretty, statusTone } from "./format";

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

  it("colours statuses by class", () => {
    expect([statusTone(200), statusTone(404), statusTone(503)]).toEqual(["ok", "warn", "bad"]);
  });

  it("sums up how the listener answers", () => {
    const settings: ListenerSettings = {
      forward: { enabled: false, base_url: "http://127.0.0.1:8000", answer: true, event: true, fallback: true, stream: true },
      reply: { kind: "none" },
    };
    expect(answeringSummary(settings)).toBe("Answering with the active NCCO");
    settings.forward.enabled = true;
    expect(answeringSummary(settings)).toBe("Forwarding every route to http://127.0.0.1:8000");
    settings.forward.fallback = false;
    settings.forward.stream = false;
    expect(answeringSummary(settings)).toBe("Forwarding answer, event to http://127.0.0.1:8000");
  });
});

import { describe, expect, it } from "vitest";
import { duration, pretty, statusTone } from "./format";

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
});

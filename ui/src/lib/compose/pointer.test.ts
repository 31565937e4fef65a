import { describe, expect, it } from "vitest";
import { child, getAt, segments, setAt, within } from "./pointer";

describe("JSON Pointer", () => {
  const doc = [{ action: "connect", endpoint: [{ type: "websocket", "content-type": "audio/l16;rate=16000" }] }];

  it("reads nested values and escaped keys", () => {
    expect(getAt(doc, "/0/endpoint/0/type")).toBe("websocket");
    expect(getAt(doc, "/0/endpoint/0/content-type")).toBe("audio/l16;rate=16000");
    expect(getAt(doc, "/3/nothing")).toBeUndefined();
    expect(segments(child("/0", "a/b~c"))).toEqual(["0", "a/b~c"]);
  });

  it("sets without mutating the original", () => {
    const next = setAt(doc, "/0/endpoint/0/uri", "wss://a.example/s");
    expect(getAt(next, "/0/endpoint/0/uri")).toBe("wss://a.example/s");
    expect(getAt(doc, "/0/endpoint/0/uri")).toBeUndefined();
  });

  it("removes a key when the value is undefined", () => {
    const next = setAt(doc, "/0/endpoint/0/content-type", undefined);
    expect(getAt(next, "/0/endpoint/0")).toEqual({ type: "websocket" });
  });

  it("creates missing objects on the way", () => {
    expect(setAt([{ action: "input" }], "/0/dtmf/maxDigits", 4)).toEqual([{ action: "input", dtmf: { maxDigits: 4 } }]);
  });

  it("matches a finding to its field and the values inside it", () => {
    expect(within("/0/eventUrl/0", "/0/eventUrl")).toBe(true);
    expect(within("/0/eventUrl", "/0/eventUrl")).toBe(true);
    expect(within("/0/eventUrlx", "/0/eventUrl")).toBe(false);
  });
});

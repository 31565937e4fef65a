import { describe, expect, it } from "vitest";
import type { Field } from "../bindings";
import { fromText, newAction, rangeText, toText } from "./fields";

const base = { label: "x", required: false, default: null, help: "", advanced: false, clamped: null };
const integer: Field = { ...base, name: "timeout", kind: "integer", min: 3, max: 7200 };
const urls: Field = { ...base, name: "eventUrl", kind: "url_array", schemes: ["https", "http"] };
const list: Field = { ...base, name: "context", kind: "text_list" };

describe("field text", () => {
  it("stores numbers as numbers, and keeps text that is not a number for the validator to explain", () => {
    expect(fromText(integer, "45")).toBe(45);
    expect(fromText(integer, "4x")).toBe("4x");
    expect(fromText(integer, "  ")).toBeUndefined();
  });

  it("puts a single URL in its array and shows it back", () => {
    expect(fromText(urls, "https://a.example/e")).toEqual(["https://a.example/e"]);
    expect(toText(urls, ["https://a.example/e"])).toBe("https://a.example/e");
    expect(toText(urls, "https://legacy.example")).toBe("https://legacy.example");
  });

  it("splits lists on commas", () => {
    expect(fromText(list, "support, buy,,credit")).toEqual(["support", "buy", "credit"]);
    expect(toText(list, ["a", "b"])).toBe("a, b");
  });

  it("describes ranges", () => {
    expect(rangeText(integer)).toBe("3 to 7200");
    expect(rangeText({ ...integer, max: null })).toBe("3 or more");
    expect(rangeText(list)).toBeNull();
  });

  it("starts actions with their required options", () => {
    expect(newAction("talk")).toEqual({ action: "talk", text: "" });
    expect(newAction("wait")).toEqual({ action: "wait" });
  });
});

import { describe, expect, it } from "vitest";
import { SECTIONS, sectionForDigit } from "./sections";

describe("sections", () => {
  it("are the nine the product names, in sidebar order", () => {
    expect(SECTIONS.map((s) => s.label)).toEqual([
      "Connect",
      "Webhooks",
      "Compose",
      "Flows",
      "Calls",
      "Tests",
      "Inspector",
      "Sandbox phone",
      "Doctor",
    ]);
  });

  it("each say what they are for, and those still being built what is coming", () => {
    const built = new Set(["connect", "webhooks", "compose", "flows", "calls", "tests", "inspector", "phone", "doctor"]);
    for (const section of SECTIONS) {
      expect(section.summary.length, section.id).toBeGreaterThan(20);
      if (!built.has(section.id)) expect(section.upcoming.length, section.id).toBeGreaterThan(0);
    }
  });

  it("map Ctrl+1..9 to sections and nothing else", () => {
    expect(sectionForDigit("1")).toBe("connect");
    expect(sectionForDigit("4")).toBe("flows");
    expect(sectionForDigit("6")).toBe("tests");
    expect(sectionForDigit("9")).toBe("doctor");
    expect(sectionForDigit("0")).toBeUndefined();
    expect(sectionForDigit("a")).toBeUndefined();
  });
});

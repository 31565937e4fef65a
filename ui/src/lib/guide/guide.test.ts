import { describe, expect, it } from "vitest";
import { GUIDE_STEPS } from "./guide";

describe("the first-call guide", () => {
  it("goes from choosing a platform to a call, each step saying what it does on both", () => {
    expect(GUIDE_STEPS.map((s) => s.id)).toEqual(["platform", "credentials", "tunnel", "webhooks", "ncco", "call"]);
    for (const step of GUIDE_STEPS) {
      expect(step.sandbox.length, step.id).toBeGreaterThan(20);
      expect(step.vonage.length, step.id).toBeGreaterThan(20);
    }
  });
});

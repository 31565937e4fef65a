import { describe, expect, it } from "vitest";
import type { DoctorCheck } from "../bindings";
import { summary } from "./doctor";

const check = (state: DoctorCheck["state"]): DoctorCheck => ({
  id: "listener",
  title: "t",
  state,
  message: "m",
  hint: null,
  evidence: [],
  millis: null,
  fix: null,
});

describe("summary", () => {
  it("counts checks by state", () => {
    expect(summary({ checks: [check("pass"), check("pass"), check("fail"), check("skipped")], ran_at_ms: 0 })).toEqual({
      pass: 2,
      warn: 0,
      fail: 1,
      skipped: 1,
    });
  });
});

import { describe, expect, it } from "vitest";
import type { PushPlan } from "../bindings";
import { settled } from "./plan";

describe("settled", () => {
  it("shows every field as pushed and nothing left to change", () => {
    const plan: PushPlan = {
      application_id: "app",
      application_name: "My app",
      rows: [
        { field: "webhooks.answer_url.address", label: "Answer address", current: "http://old/a", proposed: "https://new/a", changed: true },
        { field: "region", label: "Region", current: null, proposed: null, changed: false },
      ],
      foreign: ["http://old/a"],
      changes: 1,
      proof: { state: "untried" },
    };
    const after = settled(plan);
    expect(after.changes).toBe(0);
    expect(after.foreign).toEqual([]);
    expect(after.rows[0]).toEqual({ ...plan.rows[0], current: "https://new/a", changed: false });
    expect(after.rows[1]).toEqual(plan.rows[1]);
  });
});

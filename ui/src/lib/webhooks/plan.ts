// What a push plan becomes once Vonage has accepted the push: every field as proposed,
// nothing left to change. (No second read of the application is needed to show it.)
import type { PushPlan } from "../bindings";

export function settled(plan: PushPlan): PushPlan {
  return {
    ...plan,
    rows: plan.rows.map((row) => ({ ...row, current: row.proposed, changed: false })),
    foreign: [],
    changes: 0,
  };
}

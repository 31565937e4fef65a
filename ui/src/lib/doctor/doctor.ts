// What a Doctor report comes to, in counts.
import type { DoctorReport } from "../bindings";

export function summary(report: DoctorReport): { pass: number; warn: number; fail: number; skipped: number } {
  const count = (state: string) => report.checks.filter((check) => check.state === state).length;
  return { pass: count("pass"), warn: count("warn"), fail: count("fail"), skipped: count("skipped") };
}

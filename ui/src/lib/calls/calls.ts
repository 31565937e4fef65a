// What a call's status means for the Calls section: whether it still runs, and its colour.
import type { Timeline } from "../bindings";

/** Statuses after which a call is over (Vonage sends no more for its leg). */
export const FINAL_STATUSES = ["completed", "busy", "cancelled", "timeout", "unanswered", "rejected", "failed"] as const;

export type StatusTone = "ok" | "warn" | "bad" | "info";

/** A call is live until its own leg reports a final status. */
export function isLive(timeline: Timeline): boolean {
  return !timeline.entries.some((entry) => entry.kind === "event" && (FINAL_STATUSES as readonly string[]).includes(entry.title));
}

export function statusTone(status: string | null): StatusTone {
  switch (status) {
    case "answered":
    case "completed":
      return "ok";
    case "busy":
    case "cancelled":
    case "timeout":
    case "unanswered":
      return "warn";
    case "rejected":
    case "failed":
      return "bad";
    default:
      return "info";
  }
}

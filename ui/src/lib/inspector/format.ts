// Words and formats for the Inspector's rows and details.
import type { ListenerSettings } from "../bindings";

/** 12:04:05.123, in the computer's time zone. */
export function clock(ms: number): string {
  const date = new Date(ms);
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** 0.42 ms, 12 ms, 1.2 s. */
export function duration(us: number): string {
  if (us < 1000) return `${(us / 1000).toFixed(2)} ms`;
  if (us < 1_000_000) return `${Math.round(us / 1000)} ms`;
  return `${(us / 1_000_000).toFixed(1)} s`;
}

/** A body shown as indented JSON when it is JSON, as it came otherwise. */
export function pretty(body: string): string {
  if (body.trim() === "") return "";
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

export type Tone = "ok" | "warn" | "bad";

export function statusTone(status: number): Tone {
  if (status >= 500) return "bad";
  if (status >= 400) return "warn";
  return "ok";
}

/** What the listener does with requests, in a few words for the toolbar. */
export function answeringSummary(settings: ListenerSettings): string {
  const forward = settings.forward;
  const routes = (["answer", "event", "fallback", "stream"] as const).filter((route) => forward[route]);
  if (!forward.enabled || routes.length === 0) return "Answering with the active NCCO";
  const names = routes.length === 4 ? "every route" : routes.join(", ");
  return `Forwarding ${names} to ${forward.base_url}`;
}

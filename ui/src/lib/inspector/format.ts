// Words and formats for the Inspector's rows and details.
import type { ListenerSettings, StoreSize } from "../bindings";

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

/** A size in bytes, in the unit a person reads at a glance. */
export function bytes(count: number): string {
  if (count < 1024) return `${count} B`;
  if (count < 1024 * 1024) return `${Math.round(count / 1024)} kB`;
  if (count < 1024 * 1024 * 1024) return `${(count / (1024 * 1024)).toFixed(count < 10 * 1024 * 1024 ? 1 : 0)} MB`;
  return `${(count / (1024 * 1024 * 1024)).toFixed(1)} GB`;
}

/** What the listener keeps and for how long, for the Inspector's toolbar. */
export function keptSummary(store: StoreSize, settings: ListenerSettings): { text: string; title: string } {
  const { days, max_megabytes } = settings.retention;
  const limit = max_megabytes >= 1024 ? `${(max_megabytes / 1024).toFixed(max_megabytes % 1024 === 0 ? 0 : 1)} GB` : `${max_megabytes} MB`;
  return {
    text: `${store.exchanges.toLocaleString("en")} kept · ${bytes(store.bytes)}`,
    title: `${store.exchanges.toLocaleString("en")} webhooks and ${store.stream_sessions.toLocaleString("en")} audio streams kept, ${bytes(store.bytes)} on disk. Callboard keeps the last ${days} day${days === 1 ? "" : "s"}, up to ${limit}, and removes older ones by itself (change it under Forwarding and replies).`,
  };
}

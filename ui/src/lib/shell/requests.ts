// Requests from the native menu to a section's view ("File › Import…" in Compose): sent to a section, kept
// until its view is there to take them (a view mounts just after its section is chosen).
import type { SectionId } from "../bindings";

export type SectionRequest = "new" | "import" | "export";

type Taker = (request: SectionRequest) => void;

const takers = new Map<SectionId, Taker>();
const waiting = new Map<SectionId, SectionRequest>();

/** Hands `request` to `section`'s view now, or when it next takes requests. */
export function request(section: SectionId, what: SectionRequest): void {
  const taker = takers.get(section);
  if (taker) taker(what);
  else waiting.set(section, what);
}

/** Lets `section`'s view take requests (a waiting one at once); call the result when the view goes. */
export function takeRequests(section: SectionId, taker: Taker): () => void {
  takers.set(section, taker);
  const pending = waiting.get(section);
  if (pending) {
    waiting.delete(section);
    taker(pending);
  }
  return () => {
    if (takers.get(section) === taker) takers.delete(section);
  };
}

/** Which sections take each request, for a clear message elsewhere. */
export const TAKES_REQUESTS: readonly SectionId[] = ["compose", "flows", "tests"];

// What a section says after an action: that it went well (and what next), or why it failed.
import type { UiError } from "./bindings";

export type Notice = { tone: "ok"; text: string; hint?: string | null } | { tone: "bad"; error: UiError };

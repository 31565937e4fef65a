// The steps of a call test as the form edits them: what each kind means, what its value
// is, and a sensible starting value.
import type { TestStep, TestStepKind } from "../bindings";

export interface KindInfo {
  kind: TestStepKind;
  /** The form's label. */
  label: string;
  /** What the value is, as a placeholder ("e.g. …"), or null when it takes none. */
  placeholder: string | null;
  /** Whether it waits for something (and so has a "within"). */
  waits: boolean;
}

export const KINDS: readonly KindInfo[] = [
  { kind: "hear", label: "Hear", placeholder: "e.g. Press 1 for sales", waits: true },
  { kind: "hear_pattern", label: "Hear (pattern)", placeholder: "e.g. your code is \\d{4}", waits: true },
  { kind: "press", label: "Press keys", placeholder: "e.g. 2", waits: false },
  { kind: "say", label: "Say", placeholder: "e.g. sales", waits: false },
  { kind: "send", label: "Send audio", placeholder: "tone or silence", waits: false },
  { kind: "wait", label: "Wait (seconds)", placeholder: "e.g. 2", waits: false },
  { kind: "event", label: "Event", placeholder: "e.g. answered", waits: true },
  { kind: "reach", label: "Reach flow step", placeholder: "e.g. Support", waits: true },
  { kind: "connect", label: "Connect to", placeholder: "e.g. 447700900001", waits: true },
  { kind: "websocket", label: "WebSocket frames", placeholder: "e.g. 50", waits: true },
  { kind: "audio_back", label: "Audio back from the WebSocket", placeholder: null, waits: true },
  { kind: "recording", label: "Recording (seconds)", placeholder: "e.g. 2", waits: true },
  { kind: "hang_up", label: "Hang up", placeholder: null, waits: false },
  { kind: "ended", label: "Call ends", placeholder: "e.g. completed, or any", waits: true },
];

export function kindInfo(kind: TestStepKind): KindInfo {
  return KINDS.find((k) => k.kind === kind) ?? KINDS[0]!;
}

/** A new step of `kind`, with a value that runs. */
export function newStep(kind: TestStepKind): TestStep {
  const value: Partial<Record<TestStepKind, string>> = { press: "1", send: "tone", wait: "1", event: "answered", websocket: "50", recording: "1", ended: "completed" };
  return { kind, value: value[kind] ?? "", within: null };
}

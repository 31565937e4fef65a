// Turning what a person types into the JSON value a field of a given kind holds, and back.
import type { Field, JsonValue } from "../bindings";

/** The text shown in an input for a field's current value. */
export function toText(field: Field, value: JsonValue | undefined): string {
  if (value === undefined || value === null) return "";
  if (field.kind === "url_array" && Array.isArray(value)) return typeof value[0] === "string" ? value[0] : "";
  if (field.kind === "text_list" && Array.isArray(value)) return value.map(String).join(", ");
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

/**
 * The value to store for typed text: numbers become numbers when they parse, lists
 * split on commas, a single URL goes into its array. Empty text removes the option
 * (Vonage then uses its default). Text that does not parse is kept as typed, so the
 * validator can explain it rather than the form silently dropping it.
 */
export function fromText(field: Field, text: string): JsonValue | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  switch (field.kind) {
    case "integer":
    case "number": {
      const number = Number(trimmed);
      return Number.isFinite(number) ? number : text;
    }
    case "url_array":
      return [trimmed];
    case "text_list":
      return trimmed
        .split(",")
        .map((part) => part.trim())
        .filter((part) => part !== "");
    default:
      return text;
  }
}

/** The range of a numeric field in words, e.g. "3 to 7200". */
export function rangeText(field: Field): string | null {
  if (field.kind !== "integer" && field.kind !== "number") return null;
  const { min, max } = field;
  if (min !== null && max !== null) return `${min} to ${max}`;
  if (min !== null) return `${min} or more`;
  if (max !== null) return `up to ${max}`;
  return null;
}

/** A new action with its required options filled with usable starting values. */
export function newAction(name: string): { [key: string]: JsonValue } {
  switch (name) {
    case "talk":
      return { action: "talk", text: "" };
    case "stream":
      return { action: "stream", streamUrl: [""] };
    case "input":
      return { action: "input", type: ["dtmf"] };
    case "conversation":
      return { action: "conversation", name: "" };
    case "connect":
      return { action: "connect", endpoint: [{ type: "phone", number: "" }] };
    case "notify":
      return { action: "notify", payload: {}, eventUrl: [""] };
    case "transfer":
      return { action: "transfer", conversationId: "" };
    default:
      return { action: name };
  }
}

/** A new endpoint of a type, with its required options. */
export function newEndpoint(type: string): { [key: string]: JsonValue } {
  switch (type) {
    case "phone":
      return { type, number: "" };
    case "app":
      return { type, user: "" };
    case "websocket":
      return { type, uri: "", "content-type": "audio/l16;rate=16000" };
    case "sip":
      return { type, uri: "" };
    case "vbc":
      return { type, extension: "" };
    default:
      return { type };
  }
}

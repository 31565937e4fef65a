// Turns whatever a failed command threw into the contract's UiError shape.
import { ERROR_KINDS, type UiError } from "./bindings";

function isUiError(value: unknown): value is UiError {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.message === "string" &&
    typeof record.kind === "string" &&
    (ERROR_KINDS as readonly string[]).includes(record.kind)
  );
}

/** Normalises a rejection from Tauri (a UiError, a plain string, an Error) to a UiError. */
export function toUiError(thrown: unknown): UiError & { unexpected?: true } {
  if (isUiError(thrown)) return { kind: thrown.kind, message: thrown.message, hint: thrown.hint ?? null, section: thrown.section ?? null };
  const message =
    typeof thrown === "string"
      ? thrown
      : thrown instanceof Error
        ? thrown.message
        : "Something went wrong inside Callboard.";
  return {
    kind: "invalid_input",
    message,
    hint: "If this keeps happening, restart Callboard.",
    section: null,
    unexpected: true,
  };
}

// Turns whatever a failed command threw into the contract's UiError shape.
import { ERROR_KINDS, type ErrorKind, type UiError } from "./bindings";

function isUiError(value: unknown): value is UiError {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.message === "string" &&
    typeof record.kind === "string" &&
    (ERROR_KINDS as readonly string[]).includes(record.kind)
  );
}

/** An error the UI finds itself (before asking Rust), in the contract's shape. */
export function uiError(kind: ErrorKind, message: string, hint: string | null = null, field: string | null = null): UiError {
  return { kind, message, hint, section: null, field, host: null };
}

/** Normalises a rejection from Tauri (a UiError, a plain string, an Error) to a UiError. */
export function toUiError(thrown: unknown): UiError & { unexpected?: true } {
  if (isUiError(thrown))
    return {
      kind: thrown.kind,
      message: thrown.message,
      hint: thrown.hint ?? null,
      section: thrown.section ?? null,
      field: thrown.field ?? null,
      host: thrown.host ?? null,
    };
  const message =
    typeof thrown === "string"
      ? thrown
      : thrown instanceof Error
        ? thrown.message
        : "Something went wrong inside Callboard.";
  return { ...uiError("invalid_input", message, "If this keeps happening, restart Callboard."), unexpected: true };
}

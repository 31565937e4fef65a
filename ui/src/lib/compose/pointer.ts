// JSON Pointer (RFC 6901) reads and immutable writes, for editing NCCO fields by path.
import type { JsonValue } from "../bindings";

export function segments(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

export function child(pointer: string, key: string | number): string {
  return `${pointer}/${String(key).replace(/~/g, "~0").replace(/\//g, "~1")}`;
}

export function getAt(document: JsonValue | undefined, pointer: string): JsonValue | undefined {
  let current: JsonValue | undefined = document;
  for (const key of segments(pointer)) {
    if (Array.isArray(current)) current = current[Number(key)];
    else if (current !== null && typeof current === "object") current = current[key];
    else return undefined;
  }
  return current;
}

/** A copy of `document` with the value at `pointer` set, or removed when `value` is undefined. */
export function setAt(document: JsonValue, pointer: string, value: JsonValue | undefined): JsonValue {
  const keys = segments(pointer);
  if (keys.length === 0) return value ?? null;
  const [head, ...rest] = keys as [string, ...string[]];
  const tail = rest.length === 0 ? undefined : `/${rest.map((k) => k.replace(/~/g, "~0").replace(/\//g, "~1")).join("/")}`;
  if (Array.isArray(document)) {
    const index = Number(head);
    const copy = [...document];
    if (tail === undefined) {
      if (value === undefined) copy.splice(index, 1);
      else copy[index] = value;
    } else {
      copy[index] = setAt(copy[index] ?? {}, tail, value);
    }
    return copy;
  }
  const object: { [key: string]: JsonValue | undefined } =
    document !== null && typeof document === "object" ? { ...document } : {};
  if (tail === undefined) {
    if (value === undefined) delete object[head];
    else object[head] = value;
  } else {
    object[head] = setAt(object[head] ?? {}, tail, value);
  }
  return object as JsonValue;
}

/** Whether a finding at `path` belongs to the field at `field` (itself or inside it). */
export function within(path: string, field: string): boolean {
  return path === field || path.startsWith(`${field}/`);
}

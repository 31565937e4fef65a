// The person's display choices that belong to no document (whether the cards show each field's JSON name),
// kept in the web view's storage so they outlast the section and the session.

const JSON_NAMES = "callboard.showJsonNames";

function stored(key: string): boolean {
  try {
    return globalThis.localStorage?.getItem(key) === "true";
  } catch {
    return false;
  }
}

function store(key: string, on: boolean): void {
  try {
    globalThis.localStorage?.setItem(key, String(on));
  } catch {
    // Storage refused (private mode): the choice lasts this session.
  }
}

class Preferences {
  /** Show each field's JSON name (`bargeIn`) beside its plain label. Off: plain words first. */
  showJsonNames = $state(stored(JSON_NAMES));

  toggleJsonNames(): void {
    this.showJsonNames = !this.showJsonNames;
    store(JSON_NAMES, this.showJsonNames);
  }
}

export const preferences = new Preferences();

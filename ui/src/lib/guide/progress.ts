// Whether this person has finished the first-call guide on this computer, so the
// Connect section stops calling them new. A preference of the window, kept in its storage.
const KEY = "callboard.first-call-guide-done";

export function guideDone(): boolean {
  try {
    return localStorage.getItem(KEY) === "yes";
  } catch {
    return false;
  }
}

export function markGuideDone(): void {
  try {
    localStorage.setItem(KEY, "yes");
  } catch {
    // Storage refused: the banner keeps offering the guide, which is harmless.
  }
}

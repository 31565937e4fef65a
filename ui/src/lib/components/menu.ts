// A pop-up menu's keyboard and pointer behaviour, for every menu the app opens: it
// takes focus on its first item, the arrow keys move between items, Escape closes it
// (focus back on the button that opened it), and a click outside closes it.

export function menu(node: HTMLElement, close: () => void) {
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const items = () => [...node.querySelectorAll<HTMLElement>('[role="menuitem"]:not([disabled])')];
  let current = close;
  queueMicrotask(() => items()[0]?.focus());

  function onkeydown(event: KeyboardEvent) {
    if (event.key === "Escape") {
      event.preventDefault();
      current();
      opener?.focus();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      const list = items();
      if (list.length === 0) return;
      event.preventDefault();
      const at = list.indexOf(document.activeElement as HTMLElement);
      const next = event.key === "ArrowDown" ? (at + 1) % list.length : (at - 1 + list.length) % list.length;
      list[next]!.focus();
    }
  }

  function onpointerdown(event: PointerEvent) {
    const target = event.target as Node | null;
    // The menu's own button toggles it; anything else outside closes it.
    if (target && !node.contains(target) && !(opener?.contains(target) ?? false)) current();
  }

  document.addEventListener("keydown", onkeydown);
  document.addEventListener("pointerdown", onpointerdown, true);
  return {
    update(next: () => void) {
      current = next;
    },
    destroy() {
      document.removeEventListener("keydown", onkeydown);
      document.removeEventListener("pointerdown", onpointerdown, true);
    },
  };
}

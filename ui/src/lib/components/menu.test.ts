import { describe, expect, it, vi } from "vitest";
import { menu } from "./menu";

function setUp() {
  document.body.innerHTML = `<button id="opener">New</button><div id="menu"><button role="menuitem">A</button><button role="menuitem" disabled>B</button><button role="menuitem">C</button></div><p id="outside">x</p>`;
  document.getElementById("opener")!.focus();
  const close = vi.fn();
  const action = menu(document.getElementById("menu")!, close);
  return { close, action };
}

describe("pop-up menus", () => {
  it("take focus, and the arrow keys move between the items that can be chosen", async () => {
    const { action } = setUp();
    await Promise.resolve();
    expect(document.activeElement?.textContent).toBe("A");
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowDown" }));
    expect(document.activeElement?.textContent).toBe("C");
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowDown" }));
    expect(document.activeElement?.textContent).toBe("A");
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowUp" }));
    expect(document.activeElement?.textContent).toBe("C");
    action.destroy();
  });

  it("close on Escape, with focus back on their button, and on a click outside", () => {
    const { close, action } = setUp();
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape" }));
    expect(close).toHaveBeenCalledTimes(1);
    expect(document.activeElement?.id).toBe("opener");
    document.getElementById("outside")!.dispatchEvent(new Event("pointerdown", { bubbles: true }));
    expect(close).toHaveBeenCalledTimes(2);
    document.getElementById("opener")!.dispatchEvent(new Event("pointerdown", { bubbles: true }));
    expect(close).toHaveBeenCalledTimes(2);
    action.destroy();
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape" }));
    expect(close).toHaveBeenCalledTimes(2);
  });
});

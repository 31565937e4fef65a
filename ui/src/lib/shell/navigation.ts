// Opening a section from inside another one ("Open Connect" on an error that says what to do first there):
// the frame listens, any view asks.
import type { SectionId } from "../bindings";

type Opener = (section: SectionId) => void;

let opener: Opener | null = null;

/** Opens `section`, as choosing it in the sidebar does. */
export function openSection(section: SectionId): void {
  opener?.(section);
}

/** The frame's way of opening a section; call the result when the frame goes. */
export function handleOpenSection(open: Opener): () => void {
  opener = open;
  return () => {
    if (opener === open) opener = null;
  };
}

// An effect outside a component, for unit tests of code that runs inside effects.
export function effectRoot(body: () => void): () => void {
  return $effect.root(() => {
    $effect(body);
  });
}

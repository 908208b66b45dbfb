// A measurement child that does nothing: its peak RSS is the floor every child pays (Node, the
// TypeScript loader, the modules the harness loads), reported next to P2/P4/import memory figures.
export async function idle(): Promise<null> {
  return null;
}

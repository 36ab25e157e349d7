export function findElectron(
  requireFn: (id: string) => unknown,
): { ok: true; path: string } | { ok: false; reason: string }
export function explainMissingElectron(reason: string): string

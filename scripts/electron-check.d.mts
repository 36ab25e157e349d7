export function firstLine(err: unknown): string

export function findElectron(
  requireFn: (id: string) => unknown,
): { ok: true; path: string } | { ok: false; reason: string }

export function explainMissingElectron(err: unknown): string

export function electronViteDevCommand(
  root: string,
  platform: string,
  nodePath: string,
): { command: string; args: string[] }

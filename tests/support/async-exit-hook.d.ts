// The part of async-exit-hook (no types of its own) that tests/support/postgres.ts uses.
declare module 'async-exit-hook' {
  interface ExitHook {
    (hook: (done: () => void) => void): void
    unhookEvent(event: string): void
  }
  const exitHook: ExitHook
  export default exitHook
}

import type { CaseScreenedPayload, CaseTransitionedPayload } from '../../src/shared/events'

export type LifecycleEvent =
  | { type: 'case.screened'; payload: CaseScreenedPayload }
  | { type: 'case.transitioned'; payload: CaseTransitionedPayload }

export interface Step {
  t: number
  actor: string
  events: LifecycleEvent[]
}

export interface Pending {
  t: number
  order: number
  caseId: string
  steps: Step[]
  next: number
}

/** A binary min-heap of the lifecycle steps still to be written, by time. */
export class StepQueue {
  private readonly items: Pending[] = []

  peek(): Pending | undefined {
    return this.items[0]
  }

  private less(a: Pending, b: Pending): boolean {
    return a.t < b.t || (a.t === b.t && a.order < b.order)
  }

  push(p: Pending): void {
    const h = this.items
    h.push(p)
    let i = h.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!this.less(h[i] as Pending, h[parent] as Pending)) break
      ;[h[i], h[parent]] = [h[parent] as Pending, h[i] as Pending]
      i = parent
    }
  }

  pop(): Pending | undefined {
    const h = this.items
    const top = h[0]
    const last = h.pop()
    if (h.length > 0 && last) {
      h[0] = last
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < h.length && this.less(h[l] as Pending, h[m] as Pending)) m = l
        if (r < h.length && this.less(h[r] as Pending, h[m] as Pending)) m = r
        if (m === i) break
        ;[h[i], h[m]] = [h[m] as Pending, h[i] as Pending]
        i = m
      }
    }
    return top
  }
}

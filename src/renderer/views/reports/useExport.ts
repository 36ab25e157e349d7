import { onBeforeUnmount, ref } from 'vue'
import type { ExportFormat, ExportJob, ExportVariant, RaporFilter } from '../../../shared/rapor'
import type { ApiClient } from '../../api/client'

/**
 * One export at a time: starts the job on the station, polls its progress,
 * cancels on request, then fetches the file piece by piece and hands it to the
 * browser as a download. Works the same over IPC and HTTP.
 */
export function useExport(api: ApiClient) {
  const job = ref<ExportJob | null>(null)
  const phase = ref<'idle' | 'running' | 'downloading' | 'done' | 'cancelled' | 'failed'>('idle')
  let timer: ReturnType<typeof setTimeout> | undefined
  let stopped = false

  async function start(format: ExportFormat, variant: ExportVariant, filter: RaporFilter) {
    clearTimeout(timer)
    stopped = false
    phase.value = 'running'
    try {
      job.value = await api.call('export.start', { format, variant, filter })
      await poll()
    } catch {
      phase.value = 'failed'
    }
  }

  async function poll(): Promise<void> {
    if (!job.value || stopped) return
    const now = await api.call('export.progress', { jobId: job.value.id })
    job.value = now
    if (now.state === 'running') {
      timer = setTimeout(() => void poll().catch(() => (phase.value = 'failed')), 250)
      return
    }
    if (now.state === 'done') await download(now)
    else phase.value = now.state === 'cancelled' ? 'cancelled' : 'failed'
  }

  async function download(done: ExportJob) {
    phase.value = 'downloading'
    const parts: BlobPart[] = []
    for (let offset = 0; offset < done.size;) {
      const chunk = await api.call('export.chunk', { jobId: done.id, offset })
      const bytes = Uint8Array.from(atob(chunk.dataBase64), (c) => c.charCodeAt(0))
      parts.push(bytes)
      offset += bytes.length
      if (bytes.length === 0) break
    }
    const url = URL.createObjectURL(new Blob(parts))
    const a = document.createElement('a')
    a.href = url
    a.download = done.fileName
    document.body.append(a)
    a.click()
    a.remove()
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
    // The station keeps nothing it no longer needs.
    await api.call('export.cancel', { jobId: done.id }).catch(() => undefined)
    phase.value = 'done'
  }

  async function cancel() {
    if (!job.value) return
    stopped = true
    clearTimeout(timer)
    await api.call('export.cancel', { jobId: job.value.id }).catch(() => undefined)
    phase.value = 'cancelled'
  }

  onBeforeUnmount(() => {
    if (phase.value === 'running') void cancel()
    clearTimeout(timer)
  })

  return { job, phase, start, cancel }
}

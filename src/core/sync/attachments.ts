import { attachmentStateSchema, CHUNK_BYTES } from '../../shared/sync'
import type { Db } from '../db'
import { readAttachment } from '../services/attachments'
import { refused } from './failure'
import type { SignedTransport } from './transport'

/**
 * Uploads the files of the station's cases that the centre lacks, in chunks
 * appended at the offset the centre reports, so a cut upload resumes.
 */
export async function uploadAttachments(o: {
  db: Db
  dataDir: string
  transport: SignedTransport
}): Promise<void> {
  const { db, transport } = o
  const pending = (await db('attachments as a')
    .whereIn('a.sha256', db('case_attachments').select('sha256'))
    .where('a.uploaded', false)
    .select('a.sha256', 'a.size')) as { sha256: string; size: number }[]
  /** What the centre holds of a file: asked for at the start and whenever an append misses. */
  const held = async (sha256: string) => {
    const state = await transport.request('GET', `/v1/attachments/${sha256}`)
    if (state.status !== 200) throw refused(state.json, state.status)
    return attachmentStateSchema.parse(state.json)
  }
  for (const a of pending) {
    let { received, complete } = await held(a.sha256)
    // The file is sealed on disk: opened whole (at most 10 MB), sent in pieces.
    const bytes = await readAttachment(db, o.dataDir, a.sha256)
    while (!complete) {
      const length = Math.min(CHUNK_BYTES, a.size - received)
      const chunk = bytes.subarray(received, received + length)
      const res = await transport.request(
        'PUT',
        `/v1/attachments/${a.sha256}?offset=${received}&size=${a.size}`,
        chunk,
        'application/octet-stream',
      )
      if (res.status === 409) {
        // The server holds a different amount than we thought: ask it and resume from there.
        ;({ received, complete } = await held(a.sha256))
        continue
      }
      if (res.status !== 200) throw refused(res.json, res.status)
      ;({ received, complete } = attachmentStateSchema.parse(res.json))
    }
    await db('attachments').where({ sha256: a.sha256 }).update({ uploaded: true })
  }
}

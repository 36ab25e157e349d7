import type { ConsoleAttachment } from '../../shared/console'
import type { AttachmentAddedPayload } from '../../shared/events'
import type { ServerDb } from '../db'
import { openPayload } from './atRest'
import { readAttachment } from './attachments'
import { Refused, unknownCase } from './refused'

// An attachment opened at the console: it must belong to the case, the centre
// must hold the whole file, and the read is logged (who, when, case, file)
// before a byte is handed over. An anonymous complainant's identity document
// is not opened here: it is for the custodian's identity route alone.

export async function readCaseAttachment(
  db: ServerDb,
  caseId: string,
  sha256: string,
  actor: string,
  now: Date,
): Promise<{
  bytes: Buffer
  mime: string
  attachment: Pick<ConsoleAttachment, 'kind' | 'sha256'>
}> {
  const c = (await db('cases').where({ id: caseId }).first('anonymous')) as
    { anonymous: boolean | number | null } | undefined
  if (!c) throw unknownCase()
  const added = (
    (await db('events')
      .where({ case_id: caseId, type: 'attachment.added' })
      .select('id', 'payload')) as { id: string; payload: string }[]
  )
    .map((r) => openPayload(db, r) as AttachmentAddedPayload)
    .find((p) => p.sha256 === sha256)
  if (!added) {
    throw new Refused(404, {
      code: 'unknown_attachment',
      reason: 'this case has no attachment with that SHA-256',
    })
  }
  if (c.anonymous && added.kind === 'ktp') {
    throw new Refused(403, {
      code: 'sealed_identity',
      reason:
        'an anonymous complainant’s identity document is sealed to the authority key; only the custodian opens it, with a reason, through the identity route',
    })
  }
  const held = (await db('attachments').where({ sha256, complete: true }).first('sha256')) as
    { sha256: string } | undefined
  if (!held) {
    throw new Refused(404, {
      code: 'attachment_missing',
      reason: 'the station has not finished uploading this file to the centre',
    })
  }
  await db('attachment_reads').insert({ case_id: caseId, sha256, actor, at: now.toISOString() })
  const bytes = await readAttachment(db, sha256).catch((err: unknown) => {
    if ((err as { code?: string }).code !== 'ENOENT') throw err
    throw new Refused(404, {
      code: 'attachment_missing',
      reason: 'the file is missing from the centre’s store; the station may upload it again',
    })
  })
  return { bytes, mime: added.mime, attachment: { kind: added.kind, sha256 } }
}

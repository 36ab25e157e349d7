import type { ReceiptFile } from '../../shared/api'
import { channelLabelsId, kindLabelsId, statusLabelsId } from '../../shared/labels'
import type { SessionUser } from '../../shared/roles'
import { aad } from '../atRest'
import { cipherOf } from '../crypto/dataKey'
import type { Db } from '../db'
import type { EventLog } from '../eventLog'
import type { WorkerPool } from '../workers/pool'
import { auditRead } from './accounts'
import { mayReadConfidential } from './access'
import { getCase } from './cases'
import { getSettings } from './settings'

/**
 * The receipt of a case, first print or reprint, as the user may see it. A
 * confidential complaint printed by a role that may not read its content
 * carries the number, dates, channel, status and the PIN, and says that the
 * content is withheld: the complainant still needs the number and the PIN to
 * follow the case, and the PIN opens nothing but its status, which the
 * receipt shows anyway. What is printed of an identity or of confidential
 * content is recorded as read. The PDF is drawn in a worker thread.
 */
export async function caseReceipt(
  db: Db,
  log: EventLog,
  id: string,
  user: SessionUser,
  now: Date,
  workers: WorkerPool,
): Promise<ReceiptFile> {
  const c = await getCase(db, log, id)
  const withheld = c.confidential && !mayReadConfidential(user)
  const name = !c.anonymous && !withheld ? c.complainant?.name : undefined
  if (name) await auditRead(db, user, 'case.receipt', id, 'identity', now)
  if (c.confidential && !withheld)
    await auditRead(db, user, 'case.receipt', id, 'confidential', now)
  const settings = await getSettings(db)
  const pin = (await db('receipt_pins').where({ case_id: c.id }).first('pin')) as
    { pin: string } | undefined
  const pdf = await workers.renderPdf('pdf.receipt', {
    ...(pin ? { receiptPin: cipherOf(db).open(pin.pin, aad.receiptPin(c.id)) } : {}),
    trackingNumber: c.trackingNumber,
    receivedAt: c.receivedAt,
    timeZone: c.timeZone,
    receivedBy: c.receivedBy,
    stationName: settings.stationName,
    channelLabel: channelLabelsId[c.channel],
    kindLabel: kindLabelsId[c.kind],
    statusLabel: statusLabelsId[c.status],
    subject: withheld ? '' : c.subject,
    summary: withheld ? '' : c.description,
    anonymous: c.anonymous,
    confidential: c.confidential,
    ...(name ? { complainantName: name } : {}),
    attachmentsCount: withheld ? 0 : c.attachments.length,
    ...(withheld ? { contentWithheld: true } : {}),
  })
  return {
    fileName: `tanda-terima-${c.trackingNumber}.pdf`,
    pdfBase64: pdf.toString('base64'),
  }
}

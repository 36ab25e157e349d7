import type { Knex } from 'knex'
import { SEALED_PREFIX, type DataCipher } from './crypto/dataKey'
import { syncKey } from './sync/keys'

/** Where the station's signing key is sealed (its settings row). */
export const SIGNING_KEY_AAD = `settings.value:${syncKey.privateKey}`

/*
 * What the station seals with its data key, and where. One list, so the
 * projection, the readers and the upgrade of an older database agree.
 *
 * - every event payload (the log is the whole history, personal data included);
 * - a named complainant's identity and contact (cases.complainant);
 * - a confidential case's content (the columns below);
 * - exposure minutes, follow-up notes, attachment names, drafts, receipt PINs,
 *   the station's signing key;
 * - attachment files.
 *
 * Left readable, on purpose: numbers, dates, status, channel, kind, category,
 * agency codes, and the subject and description of cases that are not
 * confidential, which the desk searches (see the note in ARCHITECTURE.md).
 */

export const CONFIDENTIAL_COLUMNS = [
  'subject',
  'description',
  'location',
  'reported_person',
  'reported_position',
] as const

export const aad = {
  event: (id: string) => `events.payload:${id}`,
  caseColumn: (caseId: string, column: string) => `cases.${column}:${caseId}`,
  exposure: (id: string) => `exposures.payload:${id}`,
  attachmentName: (caseId: string, sha256: string) => `case_attachments.name:${caseId}:${sha256}`,
  draft: (id: string) => `drafts.data:${id}`,
  receiptPin: (caseId: string) => `receipt_pins.pin:${caseId}`,
  file: (sha256: string) => `attachment:${sha256}`,
}

/**
 * The blind indexes of a named complainant's NIK and telephone: related cases
 * are found by them without the numbers lying readable. Anonymous: none.
 */
export function blindIndexes(
  cipher: DataCipher,
  complainantJson: string | null,
  anonymous: unknown,
): { complainant_nik_ix: string | null; complainant_phone_ix: string | null } {
  const who =
    complainantJson !== null && !anonymous
      ? (JSON.parse(complainantJson) as { nik?: string | null; phone?: string | null })
      : {}
  return {
    complainant_nik_ix: who.nik ? cipher.index('nik', who.nik) : null,
    complainant_phone_ix: who.phone ? cipher.index('phone', who.phone) : null,
  }
}

/**
 * Seals the columns of a case row that must not lie readable, and sets the
 * blind indexes of its complainant (the row carries `anonymous`).
 */
export function sealCaseColumns<T extends Record<string, unknown>>(
  cipher: DataCipher,
  caseId: string,
  confidential: boolean,
  row: T,
): T {
  const out: Record<string, unknown> = { ...row }
  if (typeof out['complainant'] === 'string') {
    Object.assign(out, blindIndexes(cipher, out['complainant'], out['anonymous']))
    out['complainant'] = cipher.seal(out['complainant'], aad.caseColumn(caseId, 'complainant'))
  }
  if (confidential) {
    for (const c of CONFIDENTIAL_COLUMNS) {
      const v = out[c]
      if (typeof v === 'string') out[c] = cipher.seal(v, aad.caseColumn(caseId, c))
    }
  }
  return out as T
}

/**
 * Opens whichever sealed columns a case row read from the database carries.
 * The row must include `id`, and `confidential` when it has confidential columns.
 */
export function openCaseRow<T extends { id: string; confidential?: number | boolean }>(
  cipher: DataCipher,
  row: T,
): T {
  const out: Record<string, unknown> = { ...row }
  if (typeof out['complainant'] === 'string') {
    out['complainant'] = cipher.open(out['complainant'], aad.caseColumn(row.id, 'complainant'))
  }
  if (row.confidential) {
    for (const c of CONFIDENTIAL_COLUMNS) {
      const v = out[c]
      if (typeof v === 'string') out[c] = cipher.open(v, aad.caseColumn(row.id, c))
    }
  }
  return out as T
}

/** A value counts as sealed only when it opens with this key in this place. */
function sealedHere(cipher: DataCipher, v: string, where: string): boolean {
  if (!v.startsWith(SEALED_PREFIX)) return false
  try {
    cipher.open(v, where)
    return true
  } catch {
    return false
  }
}

const UPGRADE_SETTING = 'crypto.sealedAtRest'

/**
 * Seals what a database from before sealing keeps in the clear: run once at
 * start-up with the key open. Attachment files first (each is checked, so a
 * cut run resumes), then every row in one transaction, then the WAL is folded
 * back and truncated so no old page is left beside the file. secure_delete
 * (see db.ts) has already overwritten the old cells.
 */
export async function sealExisting(
  db: Knex,
  cipher: DataCipher,
  sealFile: (sha256: string) => Promise<boolean>,
): Promise<{ rows: number; files: number }> {
  const done = (await db('settings').where({ key: UPGRADE_SETTING }).first('value')) as
    { value: string } | undefined
  if (done?.value === '1') return { rows: 0, files: 0 }
  let files = 0
  for (const { sha256 } of (await db('attachments').select('sha256')) as { sha256: string }[]) {
    if (await sealFile(sha256)) files++
  }
  let rows = 0
  await db.transaction(async (trx) => {
    const each = async <R extends Record<string, unknown>>(
      table: string,
      columns: string[],
      fix: (r: R) => Record<string, unknown> | null,
    ) => {
      let after = 0
      for (;;) {
        const page = (await trx(table)
          .where('rowid', '>', after)
          .orderBy('rowid')
          .limit(1000)
          .select(trx.raw('rowid AS _rowid'), ...columns)) as (R & { _rowid: number })[]
        for (const r of page) {
          const change = fix(r)
          if (change) {
            await trx(table).where('rowid', r._rowid).update(change)
            rows++
          }
        }
        if (page.length < 1000) return
        after = page.at(-1)!._rowid
      }
    }
    const seal1 = (v: unknown, where: string) =>
      typeof v === 'string' && !sealedHere(cipher, v, where) ? cipher.seal(v, where) : null
    await each<{ id: string; payload: string }>('events', ['id', 'payload'], (r) => {
      const payload = seal1(r.payload, aad.event(r.id))
      return payload ? { payload } : null
    })
    await each<Record<string, string | number | null> & { id: string }>(
      'cases',
      ['id', 'confidential', 'anonymous', 'complainant', ...CONFIDENTIAL_COLUMNS],
      (r) => {
        const change: Record<string, unknown> = {}
        const who = r['complainant']
        if (
          typeof who === 'string' &&
          !sealedHere(cipher, who, aad.caseColumn(r.id, 'complainant'))
        ) {
          change['complainant'] = cipher.seal(who, aad.caseColumn(r.id, 'complainant'))
          Object.assign(change, blindIndexes(cipher, who, r['anonymous']))
        }
        if (r['confidential']) {
          for (const c of CONFIDENTIAL_COLUMNS) {
            const v = seal1(r[c], aad.caseColumn(r.id, c))
            if (v) change[c] = v
          }
        }
        return Object.keys(change).length ? change : null
      },
    )
    await each<{ id: string; payload: string }>('exposures', ['id', 'payload'], (r) => {
      const payload = seal1(r.payload, aad.exposure(r.id))
      return payload ? { payload } : null
    })
    await each<{ case_id: string; sha256: string; name: string }>(
      'case_attachments',
      ['case_id', 'sha256', 'name'],
      (r) => {
        const name = seal1(r.name, aad.attachmentName(r.case_id, r.sha256))
        return name ? { name } : null
      },
    )
    await each<{ id: string; data: string }>('drafts', ['id', 'data'], (r) => {
      const data = seal1(r.data, aad.draft(r.id))
      return data ? { data } : null
    })
    await each<{ case_id: string; pin: string }>('receipt_pins', ['case_id', 'pin'], (r) => {
      const pin = seal1(r.pin, aad.receiptPin(r.case_id))
      return pin ? { pin } : null
    })
    await each<{ key: string; value: string }>('settings', ['key', 'value'], (r) => {
      if (r.key !== syncKey.privateKey) return null
      const value = seal1(r.value, SIGNING_KEY_AAD)
      return value ? { value } : null
    })
    await trx('settings').insert({ key: UPGRADE_SETTING, value: '1' }).onConflict('key').merge()
  })
  await db.raw('PRAGMA wal_checkpoint(TRUNCATE)')
  return { rows, files }
}

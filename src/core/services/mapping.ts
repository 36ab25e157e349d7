import type { MappingResult, UnmappedText, UnmappedTexts } from '../../shared/api'
import type { MappedField } from '../../shared/domain'
import type { Db } from '../db'
import { DomainError } from '../errors'
import type { EventLog } from '../eventLog'
import { requireEntry } from './lists'

// Free text recorded before the lists existed (or typed under "Lainnya") is
// kept as it was, and an admin maps each distinct text once to a list entry.
//
// A mapping is an event on every case that recorded the text (`case.mapped`),
// not a table read at query time: the log is the truth, the centre holds only
// the log, and it must count each case under the same entry as the station.
// A mapping table would stay at the station; the events travel with the
// cases, rebuild with them, and show on their timelines.

const COLUMNS: Record<MappedField, { text: string; code: string }> = {
  category: { text: 'category', code: 'category_code' },
  reportedAgency: { text: 'reported_agency', code: 'reported_agency_code' },
}

/**
 * The free texts still recorded without an entry, most used first. For a role
 * that may not read confidential content (the admin) the text of a
 * confidential case is its content: such cases are neither listed nor counted.
 */
export async function unmappedTexts(
  db: Db,
  opts: { confidentialContent: boolean },
): Promise<UnmappedTexts> {
  const list = async (field: MappedField): Promise<UnmappedText[]> => {
    const { text, code } = COLUMNS[field]
    const q = db('cases')
      .whereNull(code)
      .whereNotNull(text)
      .groupBy(text)
      .orderBy([
        { column: 'cases', order: 'desc' },
        { column: text, order: 'asc' },
      ])
      .select({ text }, db.raw('count(*) AS cases'))
    if (!opts.confidentialContent) q.where('confidential', false)
    return ((await q) as Array<{ text: string; cases: number }>).map((r) => ({
      text: r.text,
      cases: Number(r.cases),
    }))
  }
  return { category: await list('category'), reportedAgency: await list('reportedAgency') }
}

/**
 * Maps one text to an entry on every case that recorded it without an entry,
 * an event each, in one transaction. The entry must be in its list (a retired
 * one too: old cases may belong under it); a text no unmapped case carries is
 * refused. A role that may not read confidential content maps only by a text
 * it was shown, so confidential cases with the same text follow, but are not
 * counted in what it is told.
 */
export async function applyMapping(
  db: Db,
  log: EventLog,
  input: { field: MappedField; text: string; code: string },
  actor: string,
  opts: { confidentialContent: boolean },
): Promise<MappingResult> {
  const { text, code } = COLUMNS[input.field]
  return db.transaction(async (trx) => {
    await requireEntry(
      trx,
      input.field === 'category' ? 'categories' : 'agencies',
      input.code,
      'code',
      {
        active: false,
      },
    )
    const cases = (await trx('cases')
      .whereNull(code)
      .where(text, input.text)
      .orderBy('pk')
      .select('id', 'confidential')) as Array<{ id: string; confidential: number | boolean }>
    const shown = cases.filter((c) => opts.confidentialContent || !c.confidential)
    if (shown.length === 0) {
      throw new DomainError('not_found', 'error.mappingNotInUse', [
        { path: 'text', message: 'error.mappingNotInUse' },
      ])
    }
    for (const c of cases) {
      await log.append(trx, {
        caseId: c.id,
        type: 'case.mapped',
        payload: { field: input.field, code: input.code, from: input.text },
        actor,
      })
    }
    return { field: input.field, code: input.code, mapped: shown.length }
  })
}

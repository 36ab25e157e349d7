import type { RelatedCase } from '../../shared/api'
import { openCaseRow } from '../atRest'
import { cipherOf } from '../crypto/dataKey'
import type { Db } from '../db'
import { ftsQueryAny, getCaseRow } from './cases'

// Words too common in complaints to say two of them are alike.
const STOP = new Set(
  'yang dan di ke dari untuk dengan pada ini itu tidak sudah belum ada akan oleh dalam atas juga karena kami saya kepada bapak ibu mohon agar telah warga desa'.split(
    ' ',
  ),
)

function keywords(text: string, max: number): string[] {
  const counts = new Map<string, number>()
  for (const w of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (w.length < 4 || STOP.has(w)) continue
    counts.set(w, (counts.get(w) ?? 0) + 1)
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || b[0].length - a[0].length)
    .slice(0, max)
    .map(([w]) => w)
}

/**
 * Cases a screener should look at: the same reported party, the same
 * complainant (never for anonymous complaints), or similar words. For a role
 * that may not read confidential content (`confidentialContent` false) a
 * confidential case proposes nothing, since every proposal derives from its
 * content, and is never proposed, since a match says what its content holds.
 */
export async function relatedCases(
  db: Db,
  caseId: string,
  options: { confidentialContent: boolean; limit?: number },
): Promise<RelatedCase[]> {
  const limit = options.limit ?? 20
  const c = await getCaseRow(db, caseId)
  if (c.confidential && !options.confidentialContent) return []
  const cipher = cipherOf(db)
  const found = new Map<string, RelatedCase>()
  const add = (
    rows: Array<{
      id: string
      tracking_number: string
      subject: string
      status: string
      confidential: number | boolean
    }>,
    reason: RelatedCase['reasons'][number],
  ) => {
    for (const sealed of rows) {
      if (sealed.id === caseId) continue
      if (sealed.confidential && !options.confidentialContent) continue
      const r = openCaseRow(cipher, sealed)
      const existing = found.get(r.id)
      if (existing) {
        if (!existing.reasons.includes(reason)) existing.reasons.push(reason)
      } else {
        found.set(r.id, {
          id: r.id,
          trackingNumber: r.tracking_number,
          subject: r.subject,
          status: r.status as RelatedCase['status'],
          reasons: [reason],
        })
      }
    }
  }
  const cols = ['id', 'tracking_number', 'subject', 'status', 'confidential']
  if (c.reported_person) {
    add(
      await db('cases').where({ reported_person: c.reported_person }).limit(limit).select(cols),
      'sameReportedParty',
    )
  } else if (c.reported_agency_code) {
    add(
      await db('cases')
        .where({ reported_agency_code: c.reported_agency_code })
        .limit(limit)
        .select(cols),
      'sameReportedParty',
    )
  } else if (c.reported_agency) {
    add(
      await db('cases').where({ reported_agency: c.reported_agency }).limit(limit).select(cols),
      'sameReportedParty',
    )
  }
  if (!c.anonymous && c.complainant) {
    const who = JSON.parse(c.complainant) as { nik?: string; phone?: string }
    // The numbers themselves are sealed; their blind indexes are what can be compared.
    for (const key of ['nik', 'phone'] as const) {
      const v = who[key]
      if (v) {
        add(
          await db('cases')
            .where(`complainant_${key}_ix`, cipher.index(key, v))
            .limit(limit)
            .select(cols),
          'sameComplainant',
        )
      }
    }
  }
  const match = ftsQueryAny(keywords(`${c.subject} ${c.subject} ${c.description}`, 6))
  if (match) {
    add(
      (await db.raw(
        `SELECT c.id, c.tracking_number, c.subject, c.status, c.confidential FROM cases_fts f JOIN cases c ON c.pk = f.rowid
         WHERE cases_fts MATCH ? ORDER BY rank LIMIT ?`,
        [match, limit + 1],
      )) as Array<{
        id: string
        tracking_number: string
        subject: string
        status: string
        confidential: number
      }>,
      'similarText',
    )
  }
  return [...found.values()].slice(0, limit)
}

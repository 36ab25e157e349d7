import type { Draft } from '../../shared/api'
import type { Db } from '../db'

export async function getDraft(db: Db, id: string): Promise<Draft | null> {
  const row = (await db('drafts').where({ id }).first()) as
    { id: string; data: string; updated_at: string } | undefined
  if (!row) return null
  return {
    id: row.id,
    data: JSON.parse(row.data) as Record<string, unknown>,
    updatedAt: row.updated_at,
  }
}

export async function saveDraft(
  db: Db,
  id: string,
  data: Record<string, unknown>,
  now: Date,
): Promise<{ updatedAt: string }> {
  const updatedAt = now.toISOString()
  await db('drafts')
    .insert({ id, data: JSON.stringify(data), updated_at: updatedAt })
    .onConflict('id')
    .merge()
  return { updatedAt }
}

export async function discardDraft(db: Db, id: string): Promise<{ discarded: boolean }> {
  const n = await db('drafts').where({ id }).delete()
  return { discarded: n > 0 }
}

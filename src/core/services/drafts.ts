import type { Draft } from '../../shared/api'
import type { SessionUser } from '../../shared/roles'
import { aad } from '../atRest'
import { cipherOf } from '../crypto/dataKey'
import type { Db } from '../db'

/**
 * Drafts belong to the person typing them: the form's draft id is kept under
 * the signed-in user's id, so the next clerk at the desk starts afresh.
 */
export function draftKey(user: SessionUser, id: string): string {
  return `${user.id}:${id}`
}

export async function getDraft(db: Db, id: string): Promise<Draft | null> {
  const row = (await db('drafts').where({ id }).first()) as
    { id: string; data: string; updated_at: string } | undefined
  if (!row) return null
  return {
    id: row.id,
    data: JSON.parse(cipherOf(db).open(row.data, aad.draft(row.id))) as Record<string, unknown>,
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
    .insert({
      id,
      data: cipherOf(db).seal(JSON.stringify(data), aad.draft(id)),
      updated_at: updatedAt,
    })
    .onConflict('id')
    .merge()
  return { updatedAt }
}

export async function discardDraft(db: Db, id: string): Promise<{ discarded: boolean }> {
  const n = await db('drafts').where({ id }).delete()
  return { discarded: n > 0 }
}

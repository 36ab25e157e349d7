import type { Knex } from 'knex'
import { sealPayloads } from '../central/atRest'
import { refoldCases } from '../central/foldCases'

// Fills the per-case rows of cases stored before they existed: each case
// folded again from its events, a few thousand at a time. A case that cannot
// be folded fails the migration. An older version's payloads are plain: they
// are sealed first, so they are read the one way (openPayload).
export async function up(knex: Knex): Promise<void> {
  await sealPayloads(knex)
  let after = 0
  for (;;) {
    const rows = (await knex('cases')
      .where('pk', '>', after)
      .orderBy('pk')
      .limit(2000)
      .select('pk', 'id')) as { pk: number; id: string }[]
    if (rows.length === 0) break
    await refoldCases(
      knex,
      rows.map((r) => r.id),
      new Date(),
    )
    after = Number(rows.at(-1)!.pk)
  }
}

// The rows' columns go with the schema migration's down.
export async function down(): Promise<void> {}

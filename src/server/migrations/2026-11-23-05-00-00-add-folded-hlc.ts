import type { Knex } from 'knex'

// The clock of the latest transition folded into a case's status, applied or
// not. A batch whose transitions all come after it folds on from the stored
// status instead of reading the case's history again. Where every transition
// applied (no conflicts), the latest one is the last applied: last_hlc.
// Elsewhere it stays unknown until the next full refold sets it.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    t.string('folded_hlc')
  })
  await knex('cases')
    .where({ conflicts: 0 })
    .update({ folded_hlc: knex.ref('last_hlc') })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    t.dropColumn('folded_hlc')
  })
}

import type { IntakeInput } from '../../src/shared/schemas'
import { DEFAULT_ZONE, dayInZone } from '../../src/shared/timeZone'
import { DAY_MS } from './generator'
import { between, pick, pickWeighted, type Rng } from './random'
import { TextMaker } from './text'
import { TOPIC_WEIGHTS } from './topics'
import {
  AGENCY_NAMES,
  CHANNEL_MIX,
  CLERKS,
  DISTRICTS,
  FIRST_NAMES,
  HAMLETS,
  LAST_NAMES,
  VILLAGE_HEADS,
  VILLAGE_TAILS,
} from './words'

/** A realistic intake form as a clerk submits it (for the save benchmark). */
export function sampleIntake(rng: Rng, today: Date = new Date()): IntakeInput {
  const topic = pickWeighted(rng, TOPIC_WEIGHTS)
  const place = {
    desa: pick(rng, VILLAGE_HEADS) + pick(rng, VILLAGE_TAILS),
    kec: pick(rng, DISTRICTS),
    dusun: pick(rng, HAMLETS),
  }
  const text = new TextMaker(rng, place, 'pengaduan', topic)
  return {
    channel: pickWeighted(rng, CHANNEL_MIX),
    kind: 'pengaduan',
    receivedBy: pick(rng, CLERKS).name,
    complainant: {
      name: `${pick(rng, FIRST_NAMES)} ${pick(rng, LAST_NAMES)}`,
      nik: '3171011501900001',
      phone: '0812-3456-7890',
      email: 'budi@contoh.id',
      address: `Dusun ${place.dusun} RT 003/RW 002, Desa ${place.desa}`,
      directlyAffected: true,
    },
    anonymous: false,
    confidential: false,
    reportedParty: {
      agency: AGENCY_NAMES[pick(rng, topic.agencies)] ?? 'Pemerintah Desa',
      person: 'Kepala Seksi',
      position: pick(rng, topic.positions),
    },
    location: `Desa ${place.desa}, Kecamatan ${place.kec}`,
    incidentDate: dayInZone(today.getTime() - between(rng, 1, 30) * DAY_MS, DEFAULT_ZONE),
    subject: text.subject(),
    description: text.description(),
    category: topic.category,
    attachments: [],
  }
}

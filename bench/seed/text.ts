import type { Kind } from '../../src/shared/domain'
import { between, pick, type Rng } from './random'
import type { Topic } from './topics'
import {
  AGENCY_NAMES,
  DOCUMENTS,
  DURATIONS,
  FIRST_NAMES,
  GENERIC,
  KIND_WORDS,
  LAST_NAMES,
  MONTHS,
  OFFICIALS,
  OPENINGS,
  OPENINGS_WITH_COMMON,
  CLOSINGS,
  CLOSINGS_WITH_COMMON,
  PROJECTS,
  PROVINCE_REGENCIES,
  RARE_SENTENCES,
  WEEKDAYS,
} from './words'

const SLOT = /\{(\w+)\}/g

/** Text with {slots} filled from the vocabulary. */
export class TextMaker {
  constructor(
    private readonly rng: Rng,
    private readonly place: { desa: string; kec: string; dusun: string },
    private readonly kind: Kind,
    private readonly topic: Topic,
  ) {}

  fill(template: string): string {
    return template.replace(SLOT, this.slot)
  }

  private readonly slot = (_: string, slot: string): string => {
    const r = this.rng
    switch (slot) {
      case 'desa':
        return this.place.desa
      case 'kec':
        return this.place.kec
      case 'dusun':
        return this.place.dusun
      case 'rt':
        return String(between(r, 1, 12)).padStart(3, '0')
      case 'rw':
        return String(between(r, 1, 8)).padStart(3, '0')
      case 'jenis':
        return KIND_WORDS[this.kind]
      case 'isu':
        return this.fill(pick(r, this.topic.issue))
      case 'nama':
        return `${pick(r, FIRST_NAMES)} ${pick(r, LAST_NAMES)}`
      case 'km':
        return String(between(r, 1, 9))
      case 'kg':
        return String(between(r, 3, 10))
      case 'tahun':
        return String(between(r, 2022, 2026))
      case 'juta':
        return String(between(r, 2, 950))
      case 'ribu':
        return String(between(r, 2, 60) * 5)
      case 'durasi':
        return pick(r, DURATIONS)
      case 'dokumen':
        return pick(r, DOCUMENTS)
      case 'proyek':
        return pick(r, PROJECTS)
      case 'pejabat':
        return pick(r, OFFICIALS)
      case 'bulan':
        return pick(r, MONTHS)
      case 'hari':
        return pick(r, WEEKDAYS)
      case 'tgl':
        return String(between(r, 1, 28))
      case 'jam':
        return `${String(between(r, 7, 21)).padStart(2, '0')}.${pick(r, ['00', '15', '30', '45'])}`
      case 'instansi':
        return AGENCY_NAMES[pick(r, this.topic.agencies)] ?? 'instansi terkait'
      case 'sekolah':
        return pick(r, [
          `SD Negeri ${between(r, 1, 6)} ${this.place.desa}`,
          `SMP Negeri ${between(r, 1, 4)} ${this.place.kec}`,
          `SMA Negeri ${between(r, 1, 3)} ${this.place.kec}`,
        ])
      default:
        return slot
    }
  }

  subject(): string {
    return this.fill(pick(this.rng, this.topic.subjects))
  }

  /** About 650 to 950 characters: opening, details, general remarks, closing. */
  description(): string {
    const r = this.rng
    const target = between(r, 650, 950)
    const opening = this.fill(pick(r, r() < 0.5 ? OPENINGS_WITH_COMMON : OPENINGS))
    const closing = pick(r, r() < 0.5 ? CLOSINGS_WITH_COMMON : CLOSINGS)
    const parts = [opening]
    let length = opening.length + closing.length
    const pool = [...this.topic.sentences]
    for (let i = 0; i < RARE_SENTENCES.length; i++) {
      if (r() < 0.0001) {
        const s = RARE_SENTENCES[i] as string
        parts.push(s)
        length += s.length + 1
      }
    }
    while (length < target) {
      const fromTopic = pool.length > 0 && r() < 0.65
      let s: string
      if (fromTopic) {
        s = this.fill(pool.splice(Math.floor(r() * pool.length), 1)[0] as string)
      } else {
        s = this.fill(pick(r, GENERIC))
      }
      parts.push(s)
      length += s.length + 1
    }
    parts.push(closing)
    // Letters and WhatsApp messages come in paragraphs.
    return r() < 0.3
      ? `${parts.slice(0, 2).join(' ')}\n\n${parts.slice(2).join(' ')}`
      : parts.join(' ')
  }
}

export function nik(rng: Rng): string {
  const region = pick(rng, PROVINCE_REGENCIES)
  const district = String(between(rng, 1, 30)).padStart(2, '0')
  const female = rng() < 0.5
  const day = between(rng, 1, 28) + (female ? 40 : 0)
  const month = between(rng, 1, 12)
  const year = between(rng, 55, 104) % 100
  const serial = between(rng, 1, 9999)
  const pad = (n: number, w = 2) => String(n).padStart(w, '0')
  return `${region}${district}${pad(day)}${pad(month)}${pad(year)}${pad(serial, 4)}`
}

export function phone(rng: Rng): string {
  return `+628${between(rng, 11, 59)}${String(between(rng, 0, 99_999_999)).padStart(8, '0')}`
}

import { centreActorLabel } from '../shared/sync'
import { ZONE_ABBREVIATIONS, type StationZone } from '../shared/timeZone'

/**
 * Who recorded an event, as the desk reads it: a station user by name, the
 * centre by the label of its admin's token.
 */
export function actorName(actor: string, centre: (label: string) => string): string {
  const label = centreActorLabel(actor)
  return label === undefined ? actor : centre(label)
}

/** Date and time as people at the desk read them, in the station's (or the case's) zone. */
export function formatDateTime(iso: string, locale: string, zone: StationZone): string {
  const text = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'id-ID', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: zone,
  }).format(new Date(iso))
  return `${text} ${ZONE_ABBREVIATIONS[zone]}`
}

/** A file size as people read it: KB below a megabyte, MB with one decimal above. */
export function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / (1024 * 1024)).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`
}

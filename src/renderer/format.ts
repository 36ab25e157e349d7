import { centreActorLabel } from '../shared/sync'

/**
 * Who recorded an event, as the desk reads it: a station user by name, the
 * centre by the label of its admin's token.
 */
export function actorName(actor: string, centre: (label: string) => string): string {
  const label = centreActorLabel(actor)
  return label === undefined ? actor : centre(label)
}

/** Date and time as people at the desk read them, in the station's local time. */
export function formatDateTime(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'id-ID', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso))
}

/** A file size as people read it: KB below a megabyte, MB with one decimal above. */
export function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / (1024 * 1024)).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`
}

import { computed, inject, nextTick, onMounted, provide, ref, watch, watchEffect } from 'vue'
import type { InjectionKey } from 'vue'
import { useI18n } from 'vue-i18n'
import { useRouter } from 'vue-router'
import type { ApiIssue, StoredAttachment } from '../../../shared/api'
import {
  FIELDS,
  FIELD_ORDER,
  fieldOf,
  focusField,
  isField,
  toInput,
  type FieldPath,
  type IntakeForm,
} from './intakeFields'
import type { AttachmentKind } from '../../../shared/domain'
import { intakeFreeText, privacyMentions } from '../../../shared/privacy'
import { intakeSchema, localDay } from '../../../shared/schemas'
import { IDENTITY_FIELDS, type IdentityField } from '../../../shared/seal'
import { normalizePhone } from '../../../shared/validation/phone'
import { provideFields } from '../../components/formField'
import { useApiAction } from '../../composables/useApiAction'
import { useDraft } from '../../composables/useDraft'
import { translateKey } from '../../i18n'
import { useApi } from '../../stores/api'
import { useSessionStore } from '../../stores/session'
import { useSettingsStore } from '../../stores/settings'
import { useSyncStore } from '../../stores/sync'

/** The summary line: a UI text key or an error message key. */
type Summary = { ui: 'intake.fixErrors' } | { error: string }

export type Intake = ReturnType<typeof useIntakeForm>
const INTAKE: InjectionKey<Intake> = Symbol('intake form')

/**
 * The intake form: its state, kept as a draft; its checks (the shared schema,
 * and an incident not dated after the station's today) on leaving a field and on
 * saving; the errors by field, with the focus put on the first; the identity
 * lock before enrolment and the privacy check while typing. The sections reach
 * it with `useIntake()`.
 */
export function useIntakeForm() {
  const { t, locale } = useI18n()
  const api = useApi()
  const sync = useSyncStore()
  const router = useRouter()
  const settings = useSettingsStore()
  // The station's day in its zone: an incident cannot be dated after it.
  const today = useSessionStore().today()

  function emptyForm(): IntakeForm {
    return {
      channel: 'walk_in',
      kind: 'pengaduan',
      receivedBy: settings.lastReceivedBy,
      complainant: {
        name: '',
        nik: '',
        phone: '',
        email: '',
        address: '',
        directlyAffected: false,
      },
      anonymous: false,
      confidential: false,
      reportedParty: { agency: '', person: '', position: '' },
      location: '',
      incidentDate: '',
      subject: '',
      description: '',
      category: '',
      attachments: [],
    }
  }

  const form = ref<IntakeForm>(emptyForm())
  /** Message keys (`validation.tooLong|max=200`) by field; translated when shown. */
  const errors = ref<Partial<Record<FieldPath, string>>>({})
  /** Issues that belong to no field on the form, shown in the summary only. */
  const stray = ref<ApiIssue[]>([])
  const summary = ref<Summary | null>(null)
  const notice = ref<'' | 'restored' | 'discarded'>('')
  const save = useApiAction()

  /** Nothing typed yet: the clerk's name is filled in by itself and does not count. */
  function isBlank(f: IntakeForm): boolean {
    const strip = (x: IntakeForm) => JSON.stringify({ ...x, receivedBy: '' })
    return strip(f) === strip(emptyForm())
  }
  const draft = useDraft(api, 'intake', form, { isEmpty: isBlank })

  // The pre-sync privacy check, already while typing, with the same rule core applies on
  // saving: does the text of an anonymous complaint seem to identify someone?
  const selfMentions = computed(() =>
    form.value.anonymous
      ? privacyMentions(
          {
            name: form.value.complainant.name,
            nik: form.value.complainant.nik,
            phone: form.value.complainant.phone,
          },
          intakeFreeText(form.value),
          new Date(),
        )
      : [],
  )

  /*
   * Before enrolment there is no central key to seal an anonymous complainant's
   * identity to, and core refuses one: the identity fields are locked and
   * emptied. What was typed is kept aside in this window only and comes back if
   * the complaint is made named again.
   */
  const identityLocked = computed(
    () => form.value.anonymous && sync.status !== null && !sync.enrolled,
  )
  let setAside: Partial<Record<IdentityField, string>> = {}
  // Also when a restored draft brings an identity into a locked form.
  watchEffect(() => {
    if (!identityLocked.value) return
    const who = form.value.complainant
    for (const f of IDENTITY_FIELDS) {
      if (!who[f]) continue
      setAside[f] = who[f]
      who[f] = ''
      delete errors.value[`complainant.${f}`]
    }
  })
  watch(identityLocked, (locked) => {
    if (locked) return
    const who = form.value.complainant
    for (const f of IDENTITY_FIELDS) who[f] ||= setAside[f] ?? ''
    setAside = {}
  })

  const draftStatus = computed(() =>
    draft.savedAt.value
      ? t('intake.draftSaved', {
          time: draft.savedAt.value.toLocaleTimeString(locale.value === 'en' ? 'en-GB' : 'id-ID'),
        })
      : '',
  )

  const errorList = computed(() =>
    FIELD_ORDER.filter((f) => errors.value[f]).map((f) => ({
      field: f,
      label: t(FIELDS[f]),
      message: translateKey(errors.value[f] ?? ''),
    })),
  )

  const summaryText = computed(() => {
    const s = summary.value
    if (!s) return ''
    return 'ui' in s ? t(s.ui) : translateKey(s.error)
  })

  /** What the form would be refused for: the schema, and an incident dated after today. */
  function formIssues(): ApiIssue[] {
    const result = intakeSchema.safeParse(toInput(form.value))
    const issues = result.success
      ? []
      : result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
    if (form.value.incidentDate && form.value.incidentDate > today) {
      issues.push({ path: 'incidentDate', message: 'validation.futureDate' })
    }
    return issues
  }

  async function showIssues(issues: readonly ApiIssue[]) {
    const next: Partial<Record<FieldPath, string>> = {}
    const rest: ApiIssue[] = []
    for (const i of issues) {
      const field = fieldOf(i.path)
      if (field) next[field] ??= i.message
      else rest.push({ ...i })
    }
    errors.value = next
    stray.value = rest
    summary.value = { ui: 'intake.fixErrors' }
    await nextTick()
    // The first invalid field in the order the form shows them.
    const first = FIELD_ORDER.find((f) => next[f])
    if (first) focusField(first)
  }

  /** Checks one field on leaving it, without flagging fields not yet reached. */
  function validateField(path: FieldPath) {
    const issue = formIssues().find((i) => fieldOf(i.path) === path)
    const next = { ...errors.value }
    if (issue) next[path] = issue.message
    else delete next[path]
    errors.value = next
    if (Object.keys(next).length === 0 && stray.value.length === 0) summary.value = null
  }

  function clearErrors() {
    errors.value = {}
    stray.value = []
    summary.value = null
  }

  provideFields({
    label: (f) => (isField(f) ? t(FIELDS[f]) : undefined),
    error: (f) => {
      const key = isField(f) ? errors.value[f] : undefined
      return key ? translateKey(key) : ''
    },
    leave: (f) => {
      if (isField(f)) validateField(f)
    },
  })

  /** Shows the number as it will be stored (+62…), so the clerk can read it back. */
  function normalizePhoneField() {
    const r = normalizePhone(form.value.complainant.phone)
    if (r.ok) form.value.complainant.phone = r.value
  }

  async function submit() {
    if (save.busy.value) return
    const issues = formIssues()
    if (issues.length > 0) {
      await showIssues(issues)
      return
    }
    const saved = await save.run(async () => {
      const created = await api.call('case.create', toInput(form.value))
      clearErrors()
      await draft.discard().catch(() => undefined)
      await settings.load(api).catch(() => undefined)
      await router.push({ name: 'case', params: { id: created.id }, query: { receipt: '1' } })
    })
    if (saved) return
    if (save.issues.value.length > 0) await showIssues(save.issues.value)
    // A refusal of this save says why in its own words (e.g. the day's numbers are used up).
    else summary.value = { error: save.error.value }
  }

  async function discardDraft() {
    await draft.discard().catch(() => undefined)
    form.value = emptyForm()
    clearErrors()
    notice.value = 'discarded'
    await draft.resume()
    focusField('channel')
  }

  function restoreDraft(data: Record<string, unknown>) {
    const base = emptyForm()
    const saved = data as Partial<IntakeForm>
    form.value = {
      ...base,
      ...saved,
      complainant: { ...base.complainant, ...(saved.complainant ?? {}) },
      reportedParty: { ...base.reportedParty, ...(saved.reportedParty ?? {}) },
      attachments: Array.isArray(saved.attachments) ? saved.attachments : [],
    }
    form.value.receivedBy ||= settings.lastReceivedBy
    notice.value = 'restored'
  }

  onMounted(async () => {
    // Whether the station is enrolled decides whether an anonymous identity can be taken.
    void sync.refresh(api)
    await settings.load(api).catch(() => undefined)
    form.value.receivedBy ||= settings.lastReceivedBy
    const before = JSON.stringify(form.value)
    // Without the draft service the form still works; it just is not kept as a draft.
    await draft
      .restore((data) => {
        // Someone typed while the draft was on its way: what they typed wins.
        if (JSON.stringify(form.value) === before) restoreDraft(data)
      })
      .catch(() => undefined)
    // Only where nobody has started typing yet.
    if (!document.activeElement || document.activeElement === document.body) focusField('channel')
  })

  function addAttachment(a: StoredAttachment) {
    if (!form.value.attachments.some((x) => x.sha256 === a.sha256)) form.value.attachments.push(a)
    if (errors.value.attachments) validateField('attachments')
  }
  function removeAttachment(sha256: string) {
    form.value.attachments = form.value.attachments.filter((a) => a.sha256 !== sha256)
    if (errors.value.attachments) validateField('attachments')
  }
  function setAttachmentKind(sha256: string, kind: AttachmentKind) {
    form.value.attachments = form.value.attachments.map((a) =>
      a.sha256 === sha256 ? { ...a, kind } : a,
    )
  }

  const intake = {
    form,
    errors,
    stray,
    notice,
    saving: save.busy,
    selfMentions,
    identityLocked,
    draftStatus,
    errorList,
    summaryText,
    futureDay: (d: Date) => localDay(d) > today,
    submit,
    discardDraft,
    focusField,
    normalizePhoneField,
    addAttachment,
    removeAttachment,
    setAttachmentKind,
  }
  provide(INTAKE, intake)
  return intake
}

/** The intake form, for a section inside it. */
export function useIntake(): Intake {
  const intake = inject(INTAKE)
  if (!intake) throw new Error('useIntake() outside the intake form')
  return intake
}

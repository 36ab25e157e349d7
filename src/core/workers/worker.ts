import { parentPort } from 'node:worker_threads'
import { DataCipher } from '../crypto/dataKey'
import { renderOfficialDocument } from '../pdf/official'
import { renderRaporPdf } from '../pdf/rapor'
import { renderReceipt } from '../receipt'
import { ExportFileWriter, type ExportRow } from '../services/exportFile'
import { preparePulled } from '../sync/pullPrepare'
import { toWireError, type FromWorker, type TaskName, type Tasks, type ToWorker } from './tasks'

// A worker thread of the station (see pool.ts): it answers each task of the
// serving thread in order of arrival; a task that waits on a file lets the
// next one run meanwhile.

const port = parentPort
if (!port) throw new Error('workers/worker.ts runs only as a worker thread of the station')

let cipher: DataCipher | null = null
const files = new Map<number, ExportFileWriter>()
let nextFile = 1

function dataCipher(): DataCipher {
  if (!cipher) throw new Error('the data key has not reached this worker thread')
  return cipher
}

function file(id: number): ExportFileWriter {
  const writer = files.get(id)
  if (!writer) throw new Error(`export file ${id} is not open in this worker thread`)
  return writer
}

const tasks: { [K in TaskName]: (input: Tasks[K]['input']) => Promise<Tasks[K]['output']> } = {
  'pdf.receipt': (data) => renderReceipt(data),
  'pdf.document': (doc) => renderOfficialDocument(doc),
  'pdf.rapor': ({ view, variant, now }) => renderRaporPdf(view, variant, now),
  'pull.prepare': (events) => preparePulled(events, dataCipher()),
  'export.open': async (spec) => {
    const id = nextFile++
    files.set(id, await ExportFileWriter.open(spec, dataCipher()))
    return id
  },
  'export.rows': async ({ file: id, rows }) => {
    const text = Buffer.from(rows.buffer, rows.byteOffset, rows.byteLength).toString('utf8')
    await file(id).rows(JSON.parse(text) as ExportRow[])
    return null
  },
  'export.end': async ({ file: id }) => {
    const writer = file(id)
    files.delete(id)
    await writer.end()
    return null
  },
}

port.on('message', (m: ToWorker) => {
  if (m.kind === 'key') {
    cipher = new DataCipher(Buffer.from(m.key.buffer, m.key.byteOffset, m.key.byteLength))
    m.key.fill(0)
    return
  }
  Promise.resolve(m.input)
    .then((input) => (tasks[m.task] as (input: unknown) => Promise<unknown>)(input))
    .then(
      (output) => port.postMessage({ id: m.id, ok: true, output } satisfies FromWorker),
      (err: unknown) =>
        port.postMessage({ id: m.id, ok: false, error: toWireError(err) } satisfies FromWorker),
    )
})

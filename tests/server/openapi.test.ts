import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { startCentral, type Central } from '../support/central'

const pgUrl = inject('pgUrl')

// The routes are registered by audience (station, public, admin). This holds
// the OpenAPI document to the exact set of operations, with their inputs and
// answers, and each audience to its guard: a route that moves to the wrong
// plugin, or a route added without a schema, fails here.

const REFUSALS = ['400', '401', '403', '404', '409', '413', '422', '429']

type Audience = 'public' | 'station' | 'signed' | 'admin'
const OPERATIONS: Array<{
  op: string
  audience: Audience
  parameters: string[]
  body: boolean
}> = [
  { op: 'GET /health', audience: 'public', parameters: [], body: false },
  {
    op: 'GET /v1/status/{trackingNumber}',
    audience: 'public',
    parameters: ['path:trackingNumber', 'query:pin'],
    body: false,
  },
  { op: 'POST /v1/enrol', audience: 'station', parameters: [], body: true },
  { op: 'POST /v1/batches', audience: 'signed', parameters: [], body: true },
  {
    op: 'GET /v1/events',
    audience: 'signed',
    parameters: ['query:after', 'query:limit'],
    body: false,
  },
  {
    op: 'GET /v1/attachments/{sha256}',
    audience: 'signed',
    parameters: ['path:sha256'],
    body: false,
  },
  {
    op: 'PUT /v1/attachments/{sha256}',
    audience: 'signed',
    parameters: ['path:sha256', 'query:offset', 'query:size'],
    body: false,
  },
  { op: 'POST /v1/admin/enrolment-codes', audience: 'admin', parameters: [], body: true },
  {
    op: 'POST /v1/admin/cases/{caseId}/decisions',
    audience: 'admin',
    parameters: ['path:caseId'],
    body: true,
  },
  {
    op: 'POST /v1/admin/cases/{caseId}/identity',
    audience: 'admin',
    parameters: ['path:caseId'],
    body: true,
  },
  {
    op: 'GET /v1/admin/rapor',
    audience: 'admin',
    parameters: ['query:from', 'query:to'],
    body: false,
  },
  { op: 'POST /v1/admin/batch-files', audience: 'admin', parameters: [], body: true },
]

interface Operation {
  parameters?: Array<{ in: string; name: string }>
  requestBody?: unknown
  responses: Record<string, unknown>
}

const EXAMPLE: Record<string, string> = {
  trackingNumber: 'ABCD-261123-0001-X',
  sha256: 'a'.repeat(64),
  caseId: '00000000-0000-4000-8000-000000000000',
}
const concrete = (path: string) => path.replace(/\{(\w+)\}/g, (_m, name: string) => EXAMPLE[name]!)

describe('the OpenAPI document and the audiences', () => {
  let central: Central
  beforeAll(async () => {
    central = await startCentral('sqlite', pgUrl)
  })
  afterAll(async () => {
    await central.close()
  })

  it('lists exactly the server’s operations, each with its inputs and every answer', () => {
    const doc = JSON.parse(JSON.stringify(central.app.swagger())) as {
      paths: Record<string, Record<string, Operation>>
    }
    const listed = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({
        op: `${method.toUpperCase()} ${path}`,
        parameters: (op.parameters ?? []).map((p) => `${p.in}:${p.name}`).sort(),
        body: op.requestBody !== undefined,
        responses: Object.keys(op.responses).sort(),
      })),
    )
    const byOp = (a: { op: string }, b: { op: string }) => a.op.localeCompare(b.op)
    expect(listed.sort(byOp)).toEqual(
      OPERATIONS.map(({ op, parameters, body }) => ({
        op,
        parameters: [...parameters].sort(),
        body,
        // /health refuses nothing; every other route names each refusal it may answer with.
        responses: op === 'GET /health' ? ['200'] : ['200', ...REFUSALS],
      })).sort(byOp),
    )
    // The document itself is an admin route, left out of what it lists.
    expect(central.app.hasRoute({ method: 'GET', url: '/openapi.json' })).toBe(true)
  })

  it('guards each audience: admin routes want a token, signed station routes a signature', async () => {
    const answers = []
    for (const { op, audience } of [
      ...OPERATIONS,
      { op: 'GET /openapi.json', audience: 'admin' as const },
    ]) {
      const [method, path] = op.split(' ') as ['GET' | 'POST' | 'PUT', string]
      const res = await central.app.inject({
        method,
        url: concrete(path),
        ...(method === 'GET' ? {} : { payload: {} }),
      })
      answers.push({ op, audience, status: res.statusCode, body: res.json() as unknown })
    }
    for (const a of answers) {
      if (a.audience === 'admin') {
        expect(a, a.op).toMatchObject({
          status: 401,
          body: { code: 'unauthorized', reason: 'a valid admin token is required' },
        })
      } else if (a.audience === 'signed') {
        expect(a, a.op).toMatchObject({
          status: 401,
          body: { code: 'unauthorized', reason: 'the request is not signed' },
        })
      } else {
        // Open to anyone: answered by the route itself (here: an empty or missing input).
        expect(a.status, a.op).not.toBe(401)
      }
    }
    expect(answers.find((a) => a.op === 'GET /health')?.status).toBe(200)
    expect(answers.find((a) => a.op === 'POST /v1/enrol')).toMatchObject({
      status: 400,
      body: { code: 'invalid' },
    })
    expect(answers.find((a) => a.op === 'GET /v1/status/{trackingNumber}')).toMatchObject({
      status: 400,
      body: { code: 'invalid' },
    })
  })
})

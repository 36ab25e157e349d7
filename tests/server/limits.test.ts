import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { SERVER_BODY_LIMIT } from '../../src/shared/sync'
import { startCentral, type Central } from '../support/central'
import { sendOversized } from '../support/oversized'

const pgUrl = inject('pgUrl')

describe('the central server on a real socket', () => {
  let central: Central
  let port: number
  beforeAll(async () => {
    central = await startCentral('sqlite', pgUrl)
    await central.app.listen({ host: '127.0.0.1', port: 0 })
    port = (central.app.server.address() as AddressInfo).port
  })
  afterAll(async () => {
    await central.close()
  })

  it('answers a body over the limit with a clean 413 every time', async () => {
    const answers = []
    for (let i = 0; i < 20; i++) {
      const attachment = i % 5 === 4
      answers.push(
        await sendOversized({
          port,
          ...(attachment
            ? {
                method: 'PUT',
                path: `/v1/attachments/${'a'.repeat(64)}?offset=0`,
                contentType: 'application/octet-stream',
                bytes: 4 * 1024 * 1024,
              }
            : { path: '/v1/batches', bytes: SERVER_BODY_LIMIT + 2 * 1024 * 1024 }),
          chunked: i % 3 === 2,
        }),
      )
    }
    expect(answers).toEqual(Array(20).fill({ statusLine: 'HTTP/1.1 413 Payload Too Large' }))
    const events = (await central.db('events').count({ n: '*' }))[0] as { n: number | string }
    expect(Number(events.n)).toBe(0)
  }, 120_000)
})

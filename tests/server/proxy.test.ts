import { afterEach, describe, expect, inject, it } from 'vitest'
import { loadConfig } from '../../src/server/config'
import { startCentral, type Central } from '../support/central'

const pgUrl = inject('pgUrl')

describe('LOKET_TRUST_PROXY', () => {
  const trust = (value?: string) =>
    loadConfig({ ...(value === undefined ? {} : { LOKET_TRUST_PROXY: value }) }).trustProxy

  it('trusts no proxy unless told, and reads true or a list of addresses and ranges', () => {
    expect(trust()).toBe(false)
    expect(trust('false')).toBe(false)
    expect(trust('true')).toBe(true)
    expect(trust('127.0.0.1')).toEqual(['127.0.0.1'])
    expect(trust(' 10.0.0.0/8, ::1 ,fd00::/8,loopback')).toEqual([
      '10.0.0.0/8',
      '::1',
      'fd00::/8',
      'loopback',
    ])
  })

  it('refuses a value it cannot use with a message that says what to write', () => {
    for (const bad of ['1', 'yes', '10.0.0.0/33', '300.1.1.1', '127.0.0.1,proxy', '::1/129/2']) {
      expect(() => trust(bad), bad).toThrow(/LOKET_TRUST_PROXY: .*not a proxy address or range/)
    }
  })
})

describe('the rate limit behind a proxy', () => {
  let central: Central | undefined
  afterEach(async () => {
    await central?.close()
    central = undefined
  })

  const from = (c: Central, remoteAddress: string, forwardedFor?: string) =>
    c.app.inject({
      url: '/health',
      remoteAddress,
      headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
    })
  const statuses = async (c: Central, remoteAddress: string, forwardedFor: string, n: number) => {
    const out: number[] = []
    for (let i = 0; i < n; i++) out.push((await from(c, remoteAddress, forwardedFor)).statusCode)
    return out
  }

  it('keys on the socket address when no proxy is trusted, whatever X-Forwarded-For says', async () => {
    central = await startCentral('sqlite', pgUrl, { LOKET_RATE_LIMIT: '2' })
    expect(await statuses(central, '10.0.0.5', '203.0.113.1', 2)).toEqual([200, 200])
    // Another claimed client through the same socket address shares the bucket.
    expect((await from(central, '10.0.0.5', '203.0.113.2')).statusCode).toBe(429)
    expect((await from(central, '10.0.0.6')).statusCode).toBe(200)
  })

  it('keys on the forwarded address when the request comes through a trusted proxy', async () => {
    central = await startCentral('sqlite', pgUrl, {
      LOKET_RATE_LIMIT: '2',
      LOKET_TRUST_PROXY: '10.0.0.5',
    })
    expect(await statuses(central, '10.0.0.5', '203.0.113.1', 3)).toEqual([200, 200, 429])
    // Each client behind the proxy has its own bucket.
    expect(await statuses(central, '10.0.0.5', '203.0.113.2', 2)).toEqual([200, 200])
    // A host that is not the proxy cannot choose its bucket by the header.
    expect(await statuses(central, '198.51.100.7', '203.0.113.3', 3)).toEqual([200, 200, 429])
    expect((await from(central, '198.51.100.7', '203.0.113.4')).statusCode).toBe(429)
  })
})

import { connect } from 'node:net'
import { once } from 'node:events'

export interface OversizedAnswer {
  /** The first line the server sent back ('' if none). */
  statusLine: string
  /** A socket error on the way (a broken pipe or a reset), if there was one. */
  error?: string
}

/**
 * Sends a body of `bytes` over a real socket, as a client that writes its whole
 * request before reading, and reads what comes back until the server closes.
 */
export async function sendOversized(o: {
  port: number
  path: string
  method?: string
  contentType?: string
  bytes: number
  headers?: Record<string, string>
  /** Without a Content-Length the body goes in chunked encoding. */
  chunked?: boolean
  timeoutMs?: number
}): Promise<OversizedAnswer> {
  const socket = connect(o.port, '127.0.0.1')
  let received = ''
  let error: string | undefined
  socket.on('data', (d: Buffer) => (received += d.toString('latin1')))
  socket.on('error', (err: NodeJS.ErrnoException) => (error ??= err.code ?? err.message))
  const closed = new Promise<void>((r) => socket.once('close', () => r()))
  const timer = setTimeout(() => {
    error ??= 'timeout'
    socket.destroy()
  }, o.timeoutMs ?? 20_000)
  try {
    await once(socket, 'connect')
    const head = [
      `${o.method ?? 'POST'} ${o.path} HTTP/1.1`,
      'Host: 127.0.0.1',
      `Content-Type: ${o.contentType ?? 'application/json'}`,
      o.chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${o.bytes}`,
      ...Object.entries(o.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
      '',
      '',
    ].join('\r\n')
    socket.write(head)
    const piece = Buffer.alloc(64 * 1024, 'x')
    for (let sent = 0; sent < o.bytes && !socket.destroyed; sent += piece.length) {
      const part = piece.subarray(0, Math.min(piece.length, o.bytes - sent))
      const framed = o.chunked
        ? Buffer.concat([Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from('\r\n')])
        : part
      if (!socket.write(framed)) {
        await Promise.race([once(socket, 'drain'), closed])
      }
    }
    if (!socket.destroyed) socket.end(o.chunked ? '0\r\n\r\n' : '')
    await closed
  } catch (err) {
    error ??= (err as NodeJS.ErrnoException).code ?? String(err)
  } finally {
    clearTimeout(timer)
    socket.destroy()
  }
  return { statusLine: received.split('\r\n')[0] ?? '', ...(error ? { error } : {}) }
}

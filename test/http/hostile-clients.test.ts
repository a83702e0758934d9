// Hostile clients on raw sockets against the real server on 127.0.0.1: slow heads, slow-drip bodies,
// bodies past the limit that keep coming, deeply nested JSON, too many form parts, too many connections.
// Each is answered with the contract's JSON error, within a small bound set for the test.
import { connect, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.js'
import { batchJsonLimits } from '../../src/http/routes/batch.js'
import { testApp } from '../helpers/app.js'
import { listen, type Listening } from '../helpers/listen.js'
import { errorOf, exchange, sleep, write } from '../helpers/raw-client.js'

const post = (path: string, headers: Record<string, string | number>) =>
  `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`

// Small on purpose: each slow client must be answered within about this, not Node's 300 s.
const IDLE_MS = 400
const MIN_BPS = 1000

describe('slow clients', () => {
  let server: Listening
  let idleOnly: Listening // no minimum rate: only the gap between bytes is judged
  beforeAll(async () => {
    const env = {
      PREFLIGHT_CLIENT_BODY_IDLE_MS: String(IDLE_MS),
      PREFLIGHT_CLIENT_MIN_BODY_BPS: String(MIN_BPS),
      PREFLIGHT_CLIENT_HEADERS_TIMEOUT_MS: '400',
      PREFLIGHT_LINGER_MS: '300',
    }
    server = await listen(testApp(env), env)
    const noRate = { ...env, PREFLIGHT_CLIENT_MIN_BODY_BPS: '0' }
    idleOnly = await listen(testApp(noRate), noRate)
  })
  afterAll(async () => {
    await server.close()
    await idleOnly.close()
  })

  it('answers a body that stops half-way with 408 body_timeout within the idle timeout', async () => {
    const answer = await exchange(
      idleOnly.port,
      post('/v1/preflight', { 'content-type': 'application/json', 'content-length': 100 }),
      async (socket) => {
        await write(socket, '{"targets":["threads"],')
      },
    )
    expect(answer.status).toBe(408)
    expect(errorOf(answer)).toEqual({ code: 'body_timeout', message: `No body bytes arrived for ${IDLE_MS} ms.` })
    expect(answer.ms).toBeLessThan(IDLE_MS + 2000)
  })

  it('answers twenty bodies dripped a byte at a time with 408 body_timeout at the minimum rate, all within 3 s', async () => {
    // One byte every 100 ms: never idle for 400 ms, but 10 bytes/s against a minimum of 1,000.
    const drip = async (socket: Socket, state: { answered: () => boolean; closed: () => boolean }) => {
      for (let i = 0; i < 50 && !state.answered() && !state.closed(); i++) {
        await write(socket, ' ')
        await sleep(100)
      }
    }
    const started = performance.now()
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2
          ? exchange(
              server.port,
              post('/v1/preflight', { 'content-type': 'application/json', 'content-length': 10_000 }),
              drip,
            )
          : exchange(
              server.port,
              post('/v1/preflight/file', {
                'content-type': 'multipart/form-data; boundary=x',
                'content-length': 10_000,
              }),
              drip,
            ),
      ),
    )
    for (const answer of answers) {
      expect(answer.status).toBe(408)
      expect(errorOf(answer)).toEqual({
        code: 'body_timeout',
        message: `The body arrived slower than ${MIN_BPS} bytes/s.`,
      })
    }
    expect(performance.now() - started).toBeLessThan(3000)
  })

  it('takes a body sent in pauses shorter than the idle timeout, above the minimum rate', async () => {
    const body = JSON.stringify({ url: 'http://127.0.0.1:9/a.jpg', targets: ['threads'], caption: 'x'.repeat(2000) })
    const answer = await exchange(
      server.port,
      post('/v1/preflight', { 'content-type': 'application/json', 'content-length': body.length }),
      async (socket) => {
        for (let at = 0; at < body.length; at += 500) {
          await write(socket, body.slice(at, at + 500))
          await sleep(150)
        }
      },
    )
    expect(answer.status).toBe(200) // a report: the URL is unreachable, the request was read whole
    expect(JSON.parse(answer.body)).toMatchObject({ ok: false })
  })

  it('answers a request head that never ends with 408 header_timeout as JSON', async () => {
    const answer = await exchange(
      server.port,
      'POST /v1/preflight HTTP/1.1\r\nHost: 127.0.0.1\r\n',
      async (socket, state) => {
        for (let i = 0; i < 30 && !state.answered() && !state.closed(); i++) {
          await write(socket, `X-Slow-${i}: 1\r\n`)
          await sleep(100)
        }
      },
    )
    expect(answer.status).toBe(408)
    expect(errorOf(answer)).toEqual({ code: 'header_timeout', message: 'The request head did not arrive in time.' })
    expect(answer.ms).toBeLessThan(2500)
  })

  it('answers an unparsable head with a JSON 400', async () => {
    const answer = await exchange(server.port, 'NOT HTTP AT ALL\r\n\r\n')
    expect(answer.status).toBe(400)
    expect(errorOf(answer)?.code).toBe('bad_request')
  })
})

describe('bodies past the limit', () => {
  let server: Listening
  beforeAll(async () => {
    server = await listen(testApp(), { PREFLIGHT_LINGER_MS: '3000' })
  })
  afterAll(() => server.close())

  const TEN_MB = 10 * 1024 * 1024
  const chunk = Buffer.alloc(64 * 1024, 0x20)
  /**
   * Sends `total` bytes whatever the server says, as a careless client does, at about 10 MB/s: over a
   * loaded link or machine the body outlasts the answer by a second, the case where a close resets it.
   */
  const keepSending = (total: number) => async (socket: Socket, state: { closed: () => boolean; done: () => void }) => {
    for (let sent = 0; sent < total && !state.closed(); sent += chunk.length) {
      await write(socket, chunk.subarray(0, Math.min(chunk.length, total - sent)))
      await sleep(5)
    }
    if (!state.closed()) state.done()
  }

  it('answers a 10 MB JSON body with the 413 JSON, never a reset, 20 times out of 20 while the client keeps sending', async () => {
    for (let i = 0; i < 20; i++) {
      // Every other client asks to close after the answer, which has Node close the socket once it is written.
      const close: Record<string, string> = i % 2 ? { connection: 'close' } : {}
      const answer = await exchange(
        server.port,
        post('/v1/preflight', { 'content-type': 'application/json', 'content-length': TEN_MB, ...close }),
        keepSending(TEN_MB),
      )
      // Kept alive, the whole body is read and dropped; closed, the client sees the server's FIN and stops: never a reset.
      expect({
        try: i,
        status: answer.status,
        error: answer.error,
        fedAll: answer.fedAll || !!close.connection,
      }).toEqual({ try: i, status: 413, error: null, fedAll: true })
      expect(errorOf(answer)).toEqual({
        code: 'payload_too_large',
        message: 'The JSON body may be at most 1048576 bytes.',
      })
    }
  }, 60_000)

  it('answers a chunked body past the limit with the 413 JSON at the limit, not after reading it all', async () => {
    const chunked = async (
      socket: Socket,
      state: { closed: () => boolean; answered: () => boolean; done: () => void },
    ) => {
      for (let sent = 0; sent < TEN_MB && !state.closed() && !state.answered(); sent += chunk.length) {
        await write(socket, `${chunk.length.toString(16)}\r\n`)
        await write(socket, chunk)
        await write(socket, '\r\n')
      }
      if (!state.closed()) await write(socket, '0\r\n\r\n')
    }
    const answer = await exchange(
      server.port,
      post('/v1/preflight', { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }),
      chunked,
    )
    expect(answer.status).toBe(413)
    expect(errorOf(answer)?.code).toBe('payload_too_large')
    expect(answer.error).toBe(null)
  })

  it('cuts a client that keeps sending after the answer once the lingering time is over', async () => {
    const lingering = await listen(testApp(), { PREFLIGHT_LINGER_MS: '300' })
    try {
      let closedAfter = 0
      const answer = await exchange(
        lingering.port,
        post('/v1/preflight', { 'content-type': 'application/json', 'content-length': TEN_MB }),
        async (socket, state) => {
          const started = performance.now()
          for (let i = 0; i < 100 && !state.closed() && !socket.destroyed; i++) {
            await write(socket, 'x')
            await sleep(50)
          }
          closedAfter = performance.now() - started
        },
      )
      expect(answer.status).toBe(413)
      expect(errorOf(answer)?.code).toBe('payload_too_large')
      expect(answer.closed).toBe(true)
      expect(closedAfter).toBeLessThan(2500) // not the 5 s the drip would take
    } finally {
      await lingering.close()
    }
  })
})

describe('nested and bulky JSON', () => {
  let server: Listening
  beforeAll(async () => {
    server = await listen(testApp())
  })
  afterAll(() => server.close())

  // The batch body's byte limit with the default 1,000 items: 15.6 MiB.
  const BATCH_BYTES = batchJsonLimits(loadConfig()).maxBytes

  /** Sends `prefix`, then `fill` repeated to `total` bytes, while sampling this process's RSS. */
  async function sendSampling(path: string, prefix: string, fill: string, total: number) {
    const block = Buffer.from(fill.repeat(Math.ceil((64 * 1024) / fill.length)).slice(0, 64 * 1024))
    const before = process.memoryUsage().rss
    let peak = before
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5)
    try {
      const answer = await exchange(
        server.port,
        post(path, { 'content-type': 'application/json', 'content-length': prefix.length + total }),
        async (socket, state) => {
          await write(socket, prefix)
          for (let sent = 0; sent < total && !state.closed(); sent += block.length)
            await write(socket, block.subarray(0, Math.min(block.length, total - sent)))
        },
        30_000,
      )
      const grewMb = (peak - before) / 1024 / 1024
      console.log(`${path} ${fill}: answered ${answer.status} in ${answer.ms} ms, RSS grew ${grewMb.toFixed(1)} MB`)
      return { answer, grewMb }
    } finally {
      clearInterval(sampler)
    }
  }

  it('refuses a 15.6 MiB batch of nested arrays with 400 json_too_deep, RSS growing by a few MB at most', async () => {
    const { answer, grewMb } = await sendSampling('/v1/batch', '{"items":', '[', BATCH_BYTES - 9)
    expect(answer.status).toBe(400)
    expect(errorOf(answer)).toEqual({
      code: 'json_too_deep',
      message: 'The JSON body may nest arrays and objects at most 32 deep.',
    })
    expect(answer.error).toBe(null)
    expect(grewMb).toBeLessThan(24)
  }, 40_000)

  it('refuses a 15.6 MiB batch of millions of tiny values with 413 before parsing them', async () => {
    const { answer, grewMb } = await sendSampling('/v1/batch', '{"items":[', '0,', BATCH_BYTES - 10)
    expect(answer.status).toBe(413)
    expect(errorOf(answer)).toEqual({
      code: 'payload_too_large',
      message: 'The JSON body may hold at most 256016 values.',
    })
    expect(grewMb).toBeLessThan(24)
  }, 40_000)

  it('refuses a batch body declared past its byte limit at once', async () => {
    const answer = await exchange(
      server.port,
      post('/v1/batch', { 'content-type': 'application/json', 'content-length': 16 * 1024 * 1024 }),
    )
    expect(answer.status).toBe(413)
    expect(errorOf(answer)).toEqual({
      code: 'payload_too_large',
      message: `The JSON body may be at most ${BATCH_BYTES} bytes.`,
    })
  })

  it('refuses a nested single preflight body the same way', async () => {
    const answer = await exchange(
      server.port,
      post('/v1/preflight', { 'content-type': 'application/json', 'content-length': 10_000 }),
      async (socket) => {
        await write(socket, `{"targets":["threads"],"caption":"[[[[","x":${'['.repeat(10_000 - 40)}`)
      },
    )
    expect(answer.status).toBe(400)
    expect(errorOf(answer)?.code).toBe('json_too_deep')
  })

  it('still takes a batch body nested as deep as a real request, brackets inside strings not counted', async () => {
    const item = {
      media: [{ url: 'http://127.0.0.1:9/[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[.jpg' }],
      targets: ['threads'],
      caption: '{'.repeat(100),
      productTags: [{ productId: 'p' }],
    }
    const res = await fetch(`${server.base}/v1/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ items: [item, item] }),
    })
    expect(res.status).toBe(200)
    const lines = (await res.text()).trim().split('\n')
    expect(lines).toHaveLength(3)
  })
})

describe('multipart forms past the part limits', () => {
  let server: Listening
  beforeAll(async () => {
    server = await listen(testApp())
  })
  afterAll(() => server.close())

  it('answers 413 too_many_parts, not missing_targets, when fields past the limit were dropped', async () => {
    const form = new FormData()
    for (let i = 0; i < 150; i++) form.append(`f${i}`, 'x')
    form.append('targets', 'threads')
    form.append('file', new Blob([Buffer.from('not media')]), 'a.jpg')
    const res = await fetch(`${server.base}/v1/preflight/file`, { method: 'POST', body: form })
    expect(res.status).toBe(413)
    expect(await res.json()).toEqual({
      error: { code: 'too_many_parts', message: 'At most 100 form fields and 20 files per request.' },
    })
  })
})

describe('connection caps', () => {
  /** Opens a socket and resolves once connected; `ended` resolves when the server closes it. */
  function open(port: number): Promise<{ socket: Socket; ended: Promise<void> }> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1')
      const ended = new Promise<void>((done) => socket.once('close', () => done()))
      socket.on('error', () => undefined)
      socket.once('connect', () => resolve({ socket, ended }))
      socket.once('error', reject)
    })
  }
  const within = <T>(promise: Promise<T>, ms: number) =>
    Promise.race([promise.then(() => true), sleep(ms).then(() => false)])

  it.each([
    ['per client address', { PREFLIGHT_MAX_CONNECTIONS_PER_IP: '4' }],
    ['server-wide', { PREFLIGHT_MAX_CONNECTIONS: '4', PREFLIGHT_MAX_CONNECTIONS_PER_IP: '0' }],
  ])('closes a fifth connection at once %s, and the four open ones still work', async (_name, env) => {
    const server = await listen(testApp(), env)
    const sockets: Socket[] = []
    try {
      const four = await Promise.all(Array.from({ length: 4 }, () => open(server.port)))
      sockets.push(...four.map((s) => s.socket))
      await sleep(50) // the server has counted them
      const fifth = await open(server.port).catch(() => null)
      if (fifth) sockets.push(fifth.socket)
      expect(fifth === null || (await within(fifth.ended, 2000))).toBe(true)
      for (const { ended } of four) expect(await within(ended, 10)).toBe(false)
      const answer = await exchange(server.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n').catch(() => null)
      // A fresh connection is still over the cap; one of the four open ones answers.
      expect(answer?.status ?? 0).toBe(0)
      const [first] = four
      const reply = new Promise<string>((resolve) =>
        first!.socket.once('data', (d: Buffer) => resolve(d.toString('latin1'))),
      )
      first!.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n')
      expect(await reply).toMatch(/^HTTP\/1\.1 200/)
    } finally {
      for (const socket of sockets) socket.destroy()
      await server.close()
    }
  })
})

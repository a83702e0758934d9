// POST /v1/audits on the real server (127.0.0.1): the body read item by item, its byte budget answered with a
// JSON 413 at that byte, the old error codes for bodies that are not JSON or not the right shape, and its memory.
import { createReadStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.js'
import { createService, type Service } from '../../src/http/app.js'
import { fromZod } from '../../src/request/parse.js'
import { batchBodySchema } from '../../src/request/schemas.js'
import { createLogger } from '../../src/services/logger.js'
import { pollUntil, type JobJson } from '../helpers/jobs.js'
import { listen, type Listening } from '../helpers/listen.js'
import { errorOf, exchange, write } from '../helpers/raw-client.js'
import { samplePath } from '../helpers/samples.js'
import { startServer, type TestServer } from '../helpers/server.js'

const BUDGET = 256 * 1024
const MAX_ITEMS = 60_000

let origin: TestServer
let root: string
let service: Service
let server: Listening
// Ten items (640 values) in at most 4 MiB: the value bound and an item past 1 MiB can be reached.
let small: Service
let smallServer: Listening

beforeAll(async () => {
  origin = await startServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'image/jpeg' })
    createReadStream(samplePath('feed-ok-1080x1350.jpg')).pipe(res)
  })
  root = await mkdtemp(join(tmpdir(), 'preflight-audit-body-'))
  const env = {
    PREFLIGHT_ALLOW_PRIVATE_NETWORKS: 'true',
    PREFLIGHT_RATE_LIMIT: '0',
    PREFLIGHT_JOB_DIR: root,
    PREFLIGHT_AUDIT_MAX_BYTES: String(BUDGET),
    PREFLIGHT_AUDIT_MAX_ITEMS: String(MAX_ITEMS),
    PREFLIGHT_LINGER_MS: '2000',
  }
  service = createService(loadConfig({ ...process.env, ...env }), { logger: createLogger('silent') })
  server = await listen(service.app, env)
  const smallEnv = { ...env, PREFLIGHT_AUDIT_MAX_ITEMS: '10', PREFLIGHT_AUDIT_MAX_BYTES: String(4 * 2 ** 20) }
  small = createService(loadConfig({ ...process.env, ...smallEnv }), { logger: createLogger('silent') })
  smallServer = await listen(small.app, smallEnv)
})
afterAll(async () => {
  await server.close()
  await smallServer.close()
  await service.jobs.close(1000)
  await small.jobs.close(1000)
  await origin.close()
  await rm(root, { recursive: true, force: true })
})

/** An item that is an error line without touching the network (ftp is refused), about `bytes` long. */
const quickItem = (i: number, bytes = 200) => {
  const url = `ftp://media.example/${i}.jpg?X-Amz-Signature=`
  return JSON.stringify({ url: url + 'a'.repeat(Math.max(0, bytes - url.length - 40)), targets: ['threads'] })
}

function post(
  body: string | Buffer,
  { base = server.base, contentType = 'application/json' } = {},
): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}/v1/audits`, { method: 'POST', headers: { 'content-type': contentType } })
    req.on('response', (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString()) }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

const head = (headers: Record<string, string | number>) =>
  `POST /v1/audits HTTP/1.1\r\nHost: 127.0.0.1\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`

describe('POST /v1/audits body', () => {
  it('accepts a body just under its byte budget and reports every item once, malformed ones as error lines', async () => {
    const items: string[] = []
    const good = new Set<number>()
    const envelope = (list: string[]) => `{ "note": {"a": [1, "]"]},\n "items": [\n${list.join(' ,\n')}\n] }`
    let bytes = envelope([]).length
    for (let i = 0; bytes + 400 < BUDGET; i++) {
      const text =
        i % 500 === 7
          ? JSON.stringify({ url: origin.url(`/ok-${i}.jpg`), targets: ['instagram.feed'] })
          : i === 3
            ? '{"url":"https://a.example/x.jpg"}' // no targets: an error line when it runs
            : quickItem(i)
      if (i % 500 === 7) good.add(i)
      items.push(text)
      bytes += text.length + 3
    }
    // Whitespace and an unknown top-level key are read past, as JSON.parse and the schema did.
    const body = envelope(items)
    expect(body.length).toBeGreaterThan(BUDGET * 0.99)
    expect(body.length).toBeLessThanOrEqual(BUDGET)
    const answer = await post(body)
    expect(answer.status).toBe(202)
    const { id } = answer.json as JobJson
    const job = await pollUntil(
      async () => (await (await fetch(`${server.base}/v1/jobs/${id}`)).json()) as JobJson,
      (j) => j.state === 'done',
      600,
    )
    expect(job.progress).toEqual({ done: items.length, total: items.length })
    const lines = (await (await fetch(`${server.base}/v1/jobs/${id}/results`)).text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { index?: number; report?: { ok: boolean }; error?: { code: string } })
    const byIndex = new Map(lines.filter((l) => l.index !== undefined).map((l) => [l.index!, l]))
    expect(byIndex.size).toBe(items.length)
    expect(lines.filter((l) => l.index !== undefined)).toHaveLength(items.length)
    for (let i = 0; i < items.length; i++) {
      const line = byIndex.get(i)!
      if (good.has(i)) expect(line.report?.ok).toBe(true)
      else expect(line.error?.code).toBe(i === 3 ? 'missing_targets' : 'invalid_url')
    }
  }, 60_000)

  it('answers a body streamed past its byte budget with a JSON 413 at that point, saying how to split, not a reset', async () => {
    const item = quickItem(0)
    const answer = await exchange(
      server.port,
      head({ 'content-type': 'application/json', 'transfer-encoding': 'chunked' }),
      async (socket, state) => {
        const send = (text: string) => write(socket, `${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`)
        await send('{"items":[')
        // Four times the budget, if the server kept reading.
        for (let i = 0; i < (4 * BUDGET) / (item.length + 1) && !state.answered() && !state.closed(); i++) {
          await send(`${i ? ',' : ''}${item}`)
        }
      },
      20_000,
    )
    expect(answer.error).toBe(null)
    expect(answer.status).toBe(413)
    const error = errorOf(answer)!
    expect(error.code).toBe('payload_too_large')
    const fit = Number(/passed it after (\d+) items: send at most \1 items an audit/.exec(error.message)?.[1])
    // The items read before the budget ran out: about the budget over an item's size.
    expect(fit).toBeGreaterThan(BUDGET / (item.length + 1) - 3)
    expect(fit).toBeLessThanOrEqual(BUDGET / (item.length + 1))
  })

  it('refuses a body declared past its byte budget at once, saying how many audits to send', async () => {
    const answer = await exchange(
      server.port,
      head({ 'content-type': 'application/json', 'content-length': 3 * BUDGET }),
    )
    expect(answer.status).toBe(413)
    expect(errorOf(answer)).toEqual({
      code: 'payload_too_large',
      message: `An audit body may be at most ${BUDGET} bytes (PREFLIGHT_AUDIT_MAX_BYTES); this one is ${3 * BUDGET}: send its items as 3 or more audits.`,
    })
  })

  it('keeps the nesting and value bounds, and bounds one item as a POST /v1/preflight body', async () => {
    const deep = await post(`{"items":[${'['.repeat(100)}`)
    expect(deep).toEqual({
      status: 400,
      json: {
        error: { code: 'json_too_deep', message: 'The JSON body may nest arrays and objects at most 32 deep.' },
      },
    })
    const many = await post(`{"items":[[${'0,'.repeat(1000)}0]]}`, { base: smallServer.base })
    expect(many).toEqual({
      status: 413,
      json: { error: { code: 'payload_too_large', message: `The JSON body may hold at most ${10 * 64 + 16} values.` } },
    })
    // 200 kB: under the 1 MiB of a preflight body, so accepted (its caption is an error line when it runs).
    const bigItem = await post(`{"items":[{"targets":["threads"],"caption":"${'x'.repeat(200_000)}"}]}`)
    expect(bigItem.status).toBe(202)
    const huge = await post(`{"items":[{"caption":"${'x'.repeat(2 ** 20)}"}]}`, { base: smallServer.base })
    expect(huge).toEqual({
      status: 413,
      json: {
        error: {
          code: 'payload_too_large',
          message: 'An audit item may hold at most 1048576 bytes, as a POST /v1/preflight body.',
        },
      },
    })
  })

  // What the whole-body parse answered is the oracle: the same code and words for each body.
  it.each([
    '[1]',
    '{}',
    '"items"',
    '3',
    'null',
    '{"items":"x"}',
    '{"items":{}}',
    '{"items":null}',
    '{"items":[]}',
    '{"items":[1],"items":7}',
    '{"items":[1,2',
    '{"items":[01]}',
    'not json',
    '',
  ])('answers %s as the whole-body parse did', async (body) => {
    let expected: { code: string; message: string }
    try {
      const parsed = batchBodySchema.safeParse(JSON.parse(body))
      expect(parsed.success).toBe(false)
      const error = fromZod(parsed.error!)
      expected = { code: error.code, message: error.message }
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error
      expected = { code: 'invalid_json', message: 'The body is not valid JSON.' }
    }
    expect(await post(body)).toEqual({ status: 400, json: { error: expected } })
  })

  it('refuses another content type with 415', async () => {
    expect((await post('{"items":[1]}', { contentType: 'text/plain' })).status).toBe(415)
  })

  it('reads only `items` of the body: the schema has no other top-level key that would need keeping', () => {
    expect(Object.keys(batchBodySchema.shape)).toEqual(['items'])
  })
})

describe('POST /v1/audits memory', () => {
  it('reads a body of 50,000 items in about its own size of memory, not several times it', async () => {
    // Every item's URL stalls and one item runs at a time: what the heap holds is the job's items.
    const stall = await startServer(() => undefined)
    const dir = await mkdtemp(join(tmpdir(), 'preflight-audit-memory-'))
    const env = {
      PREFLIGHT_ALLOW_PRIVATE_NETWORKS: 'true',
      PREFLIGHT_RATE_LIMIT: '0',
      PREFLIGHT_JOB_DIR: dir,
      PREFLIGHT_AUDIT_CONCURRENCY: '1',
    }
    const big = createService(loadConfig({ ...process.env, ...env }), { logger: createLogger('silent') })
    const bigServer = await listen(big.app, env)
    try {
      const signature =
        'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=' + 'f0'.repeat(32) + '&x-id=' + 'a'.repeat(380)
      // Written into one buffer: the test's own strings or pieces would be garbage freed while it measures.
      const space = Buffer.allocUnsafe(50_000 * 700)
      let at = space.write('{"items":[')
      for (let i = 0; i < 50_000; i++) {
        const item = { url: stall.url(`/u/${i}.jpg?${signature}`), targets: ['instagram.feed', 'threads'] }
        at += space.write(`${i ? ',' : ''}${JSON.stringify(item)}`, at)
      }
      const body = space.subarray(0, at + space.write(']}', at))
      // A full GC before each reading, so that garbage (the test's own strings) does not blur what is held.
      setFlagsFromString('--expose-gc')
      const gc = runInNewContext('gc') as () => void
      gc()
      // The heap and Buffers together: the whole-body read held its chunks, their copy, the text and the tree.
      const used = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers
      const before = used()
      let peak = before
      const sampler = setInterval(() => (peak = Math.max(peak, used())), 2)
      const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = request(`${bigServer.base}/v1/audits`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': body.length },
        })
        req.on('response', (res) => {
          let text = ''
          res.on('data', (c: Buffer) => (text += c.toString()))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }))
        })
        req.on('error', reject)
        req.end(body)
      })
      clearInterval(sampler)
      gc()
      const heldMb = (used() - before) / 2 ** 20
      const grewMb = (peak - before) / 2 ** 20
      const bodyMb = body.length / 2 ** 20
      console.log(
        `audit body ${bodyMb.toFixed(1)} MiB: heap and buffers grew ${grewMb.toFixed(1)} MB at their peak, hold ${heldMb.toFixed(1)} MB`,
      )
      expect(answer.status).toBe(202)
      await fetch(`${bigServer.base}/v1/jobs/${(JSON.parse(answer.text) as JobJson).id}`, { method: 'DELETE' })
      // Measured: 1.4 times the body at the peak, 1.1 held (the item texts); the whole-body parse peaked at 4.3.
      expect(grewMb).toBeLessThan(bodyMb * 2)
      expect(heldMb).toBeLessThan(bodyMb * 1.5)
    } finally {
      await bigServer.close()
      await big.jobs.close(1000)
      await stall.close()
      await rm(dir, { recursive: true, force: true })
    }
  }, 60_000)
})

// Logs and request ids: an id on every response and log line, one access line per request, no keys and
// no signed URLs' query strings in the log. pino writes to a stream the test reads.
import { createReadStream } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger, redactUrl, scrubUrls } from '../../src/services/logger.js'
import { json, testApp } from '../helpers/app.js'
import { samplePath } from '../helpers/samples.js'
import { startServer, type TestServer } from '../helpers/server.js'

type Line = Record<string, unknown> & { msg: string; reqId?: string }

function capture() {
  const raw: string[] = []
  const logger = createLogger('info', { write: (text: string) => void raw.push(text) })
  return { logger, raw, lines: () => raw.map((text) => JSON.parse(text) as Line) }
}

const SIGNED =
  'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%2F20261123&X-Amz-Expires=900&X-Amz-Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
let server: TestServer

beforeAll(async () => {
  server = await startServer((req, res) => {
    if (req.url?.startsWith('/photo.jpg')) {
      res.writeHead(200, { 'content-type': 'image/jpeg' })
      createReadStream(samplePath('feed-ok-1080x1350.jpg')).pipe(res)
    } else {
      res.writeHead(403, { 'content-type': 'application/xml' }).end('<Error><Code>AccessDenied</Code></Error>')
    }
  })
})
afterAll(() => server.close())

describe('request ids', () => {
  it('keeps a sane incoming X-Request-Id, returns it, and puts it on every log line of the request', async () => {
    const { logger, lines } = capture()
    const app = testApp({}, { logger })
    const res = await app.request('/v1/preflight', {
      ...json({ url: server.url('/photo.jpg'), targets: ['threads'] }),
      headers: { 'content-type': 'application/json', 'x-request-id': 'upload-ui-4711' },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('x-request-id')).toBe('upload-ui-4711')
    expect(lines().map((l) => [l.msg, l.reqId])).toEqual([
      ['preflight', 'upload-ui-4711'],
      ['request', 'upload-ui-4711'],
    ])
    expect(lines()[1]).toMatchObject({
      level: 'info',
      method: 'POST',
      path: '/v1/preflight',
      route: '/v1/preflight',
      status: 200,
    })
  })

  it.each([
    ['none', undefined],
    ['one with spaces and quotes', 'a b"c'],
    ['one too long', 'x'.repeat(129)],
  ])('makes one up when the incoming id is %s', async (_name, incoming) => {
    const { logger, lines } = capture()
    const res = await testApp({}, { logger }).request('/healthz', {
      headers: incoming ? { 'x-request-id': incoming } : {},
    })
    const id = res.headers.get('x-request-id')
    expect(id).toMatch(UUID)
    expect(lines()).toEqual([expect.objectContaining({ msg: 'request', reqId: id, status: 200 })])
  })

  it.each([
    ['a 404', '/nowhere', {}, 404],
    [
      'a 400',
      '/v1/preflight',
      { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer k' }, body: '{' },
      400,
    ],
    ['a 401', '/v1/targets', {}, 401],
  ])('returns it on errors too: %s', async (_name, path, init, status) => {
    const { logger, lines } = capture()
    const res = await testApp({ PREFLIGHT_API_KEYS: 'k' }, { logger }).request(path, init)
    expect(res.status).toBe(status)
    expect(res.headers.get('x-request-id')).toMatch(UUID)
    expect(lines()).toEqual([
      expect.objectContaining({ msg: 'request', status, reqId: res.headers.get('x-request-id') }),
    ])
  })
})

describe('what never reaches the log', () => {
  it("a signed URL's query string, whether the fetch works or is refused", async () => {
    const { logger, raw, lines } = capture()
    const app = testApp({}, { logger })
    for (const path of ['/photo.jpg', '/private.jpg']) {
      const res = await app.request(
        `/v1/preflight?token=abc&${SIGNED}`,
        json({ url: server.url(`${path}?${SIGNED}`), targets: ['threads'] }),
      )
      expect(res.status).toBe(200)
    }
    const text = raw.join('')
    expect(text).not.toContain('X-Amz-Signature')
    expect(text).not.toContain('5d672d79c15b')
    expect(text).not.toContain('AKIAEXAMPLE')
    expect(text).not.toContain('token=abc')
    const items = lines()
      .filter((l) => l.msg === 'preflight')
      .map((l) => l.items)
    expect(items).toEqual([
      [{ url: server.url('/photo.jpg'), status: 200, bytes: expect.any(Number), kind: 'image' }],
      [{ url: server.url('/private.jpg'), status: 403, bytes: 0, kind: null }],
    ])
  })

  it('the API key', async () => {
    const { logger, raw } = capture()
    const app = testApp({ PREFLIGHT_API_KEYS: 'sk-live-very-secret' }, { logger })
    for (const authorization of ['Bearer sk-live-very-secret', 'Bearer sk-live-wrong']) {
      await app.request('/v1/targets', { headers: { authorization } })
    }
    expect(raw).toHaveLength(2)
    expect(raw.join('')).not.toContain('sk-live')
    expect(JSON.parse(raw[0] as string)).toMatchObject({ client: 'key:0', status: 200 })
  })

  it('the query strings of URLs inside error messages and stacks', () => {
    const { logger, lines } = capture()
    const error = new Error(`fetch failed for https://cdn.example.com/a.mp4?${SIGNED}`, {
      cause: new Error(`at http://h/x?sig=1 and http://h/y#frag`),
    })
    logger.error({ err: error }, 'unhandled error')
    const [line] = lines()
    expect(JSON.stringify(line)).not.toMatch(/X-Amz|sig=1|#frag/)
    expect(line).toMatchObject({
      err: {
        message: 'fetch failed for https://cdn.example.com/a.mp4?[redacted]',
        cause: { message: 'at http://h/x?[redacted] and http://h/y?[redacted]' },
      },
    })
  })
})

describe('URL redaction', () => {
  it.each([
    [`https://bucket.s3.amazonaws.com/a/b.jpg?${SIGNED}`, 'https://bucket.s3.amazonaws.com/a/b.jpg'],
    ['https://user:pass@example.com:8443/p.png#x', 'https://example.com:8443/p.png'],
    ['not a url ?q=1', 'not a url ?q=1'],
  ])('%s → %s', (input, output) => {
    expect(redactUrl(input)).toBe(output)
  })

  it('scrubs every URL in free text', () => {
    expect(scrubUrls('a https://x/y?s=1 b http://z/w?t=2&u=3.')).toBe(
      'a https://x/y?[redacted] b http://z/w?[redacted]',
    )
  })
})

// POST /v1/preflight and /v1/preflight/file through app.request(): reports, and every 4xx of the contract.
import { readFileSync } from 'node:fs'
import { readdir, rm } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { json, testApp } from '../helpers/app.js'
import { samplePath } from '../helpers/samples.js'
import { startPhotoServer, type TestServer } from '../helpers/server.js'

const app = testApp()
let server: TestServer

beforeAll(async () => {
  server = await startPhotoServer()
})
afterAll(() => server.close())

function upload(files: string[], fields: Record<string, string>) {
  const form = new FormData()
  for (const f of files) form.append('file', new Blob([readFileSync(samplePath(f))]), f)
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  return { method: 'POST', body: form }
}

describe('POST /v1/preflight', () => {
  it('answers a contract report for a URL', async () => {
    const res = await app.request(
      '/v1/preflight',
      json({ url: server.url('/exif6.jpg'), targets: ['instagram.feed', 'threads'] }),
    )
    expect(res.status).toBe(200)
    const report = await res.json()
    expect(report.ok).toBe(false)
    expect(report.items[0].source).toMatchObject({ status: 200, contentType: 'image/jpeg', bytes: 11981 })
    expect(report.items[0].media).toMatchObject({ kind: 'image', width: 900, height: 1600 })
    expect(report.results.map((r: { target: string; verdict: string }) => [r.target, r.verdict])).toEqual([
      ['instagram.feed', 'fail'],
      ['threads', 'warn'], // fetch.not_https: the test server speaks plain http
    ])
    expect(report.results[0].findings[0]).toMatchObject({
      item: 0,
      rule: 'image.aspect_ratio',
      severity: 'error',
      platformError: '2207009',
      action: 'fix_input',
    })
    expect(report.results[0].findings[0].fix).toContain('900x1125')
  })

  it('reports an unfetchable URL as a 200 with fetch findings, every target failing', async () => {
    const res = await app.request(
      '/v1/preflight',
      json({ url: server.url('/gone.jpg'), targets: ['instagram.feed', 'threads'] }),
    )
    expect(res.status).toBe(200)
    const report = await res.json()
    expect(report.items[0].media).toBeNull()
    expect(report.results.map((r: { verdict: string }) => r.verdict)).toEqual(['fail', 'fail'])
    expect(report.results[1].findings[0]).toMatchObject({
      rule: 'fetch.status',
      platformError: 'media fetch failed',
      actual: 404,
    })
  })

  it.each([
    [
      'malformed JSON',
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"url":' },
      400,
      'invalid_json',
    ],
    ['missing targets', json({ url: 'https://example.com/a.jpg' }), 400, 'missing_targets'],
    ['empty targets', json({ url: 'https://example.com/a.jpg', targets: [] }), 400, 'missing_targets'],
    ['unknown target', json({ url: 'https://example.com/a.jpg', targets: ['tiktok'] }), 400, 'unknown_target'],
    ['a URL that is not http(s)', json({ url: 'file:///etc/passwd', targets: ['threads'] }), 400, 'invalid_url'],
    ['a relative URL', json({ url: '/a.jpg', targets: ['threads'] }), 400, 'invalid_url'],
    ['no media', json({ targets: ['threads'] }), 400, 'missing_media'],
    [
      'a field of the wrong type',
      json({ url: 'https://example.com/a.jpg', targets: ['threads'], thumbOffsetMs: 'soon' }),
      400,
      'invalid_field',
    ],
    ['a body that is not an object', json([1, 2]), 400, 'invalid_field'],
    [
      'a form body',
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'url=x' },
      415,
      'unsupported_media_type',
    ],
  ])('answers %s with %i %s', async (_name, init, status, code) => {
    const res = await app.request('/v1/preflight', init)
    expect(res.status).toBe(status)
    expect(await res.json()).toEqual({ error: { code, message: expect.any(String) } })
  })

  it('answers an unknown route with a JSON 404', async () => {
    const res = await app.request('/v2/nothing')
    expect(res.status).toBe(404)
    expect((await res.json()).error.code).toBe('not_found')
  })
})

describe('POST /v1/preflight/file', () => {
  it('gives an uploaded file the same media facts as the same file by URL', async () => {
    const byUrl = await (
      await app.request('/v1/preflight', json({ url: server.url('/exif6.jpg'), targets: ['instagram.feed'] }))
    ).json()
    const res = await app.request(
      '/v1/preflight/file',
      upload(['phone-portrait-exif6.jpg'], { targets: 'instagram.feed' }),
    )
    expect(res.status).toBe(200)
    const byUpload = await res.json()
    expect(byUpload.items[0].source).toBeNull()
    expect(byUpload.items[0].media).toEqual(byUrl.items[0].media)
    // The fix commands name each one's own file: the URL's file name, the upload's name.
    const named = (text: string, name: string) => text.replaceAll(name, 'NAME')
    const notFetch = (results: { findings: { rule: string; fix?: string; command?: string }[] }[], name: string) =>
      results.map((r) => ({
        ...r,
        findings: r.findings
          .filter((f) => !f.rule.startsWith('fetch.'))
          .map((f) => ({ ...f, fix: f.fix && named(f.fix, name), command: f.command && named(f.command, name) })),
      }))
    expect(notFetch(byUpload.results, 'phone-portrait-exif6')).toEqual(notFetch(byUrl.results, 'exif6'))
    expect(byUpload.results[0].findings[0].command).toBe(
      'magick phone-portrait-exif6.jpg -auto-orient -gravity center -crop 900x1125+0+0 +repage phone-portrait-exif6.fixed.jpg',
    )
  })

  it('takes several files and repeated target fields', async () => {
    const res = await app.request(
      '/v1/preflight/file',
      upload(['feed-ok-1080x1350.jpg', 'tall-1080x1920.jpg'], { targets: 'threads', 'targets ': 'x' }),
    )
    const report = await res.json()
    expect(report.items.map((i: { media: { height: number } }) => i.media.height)).toEqual([1350, 1920])
  })

  it('answers 413 for a file over the configured limit, and leaves no temp file', async () => {
    const { mkdtemp } = await import('node:fs/promises')
    const { tmpdir } = await import('node:os')
    const { join } = await import('node:path')
    const dir = await mkdtemp(join(tmpdir(), 'preflight-test-'))
    const small = testApp({ PREFLIGHT_MAX_UPLOAD_BYTES: '5000', PREFLIGHT_TMPDIR: dir })
    const res = await small.request('/v1/preflight/file', upload(['feed-ok-1080x1350.jpg'], { targets: 'threads' }))
    expect(res.status).toBe(413)
    expect((await res.json()).error.code).toBe('payload_too_large')
    expect(await readdir(dir)).toEqual([])
    await rm(dir, { recursive: true })
  })

  it.each([
    ['no targets', upload(['feed-ok-1080x1350.jpg'], {}), 400, 'missing_targets'],
    ['an unknown target', upload(['feed-ok-1080x1350.jpg'], { targets: 'threads,myspace' }), 400, 'unknown_target'],
    ['no file', upload([], { targets: 'threads' }), 400, 'missing_media'],
    [
      'productTags that are not JSON',
      upload(['feed-ok-1080x1350.jpg'], { targets: 'threads', productTags: '[{' }),
      400,
      'invalid_field',
    ],
    ['a JSON body', json({ targets: ['threads'] }), 415, 'unsupported_media_type'],
  ])('answers %s with %i %s', async (_name, init, status, code) => {
    const res = await app.request('/v1/preflight/file', init)
    expect(res.status).toBe(status)
    expect((await res.json()).error.code).toBe(code)
  })
})

describe('API keys', () => {
  const keyed = testApp({ PREFLIGHT_API_KEYS: 'k1, k2' })
  it.each([
    ['no key', {}, 401],
    ['a wrong key', { authorization: 'Bearer nope' }, 401],
    ['a right key', { authorization: 'Bearer k2' }, 200],
  ])('answers %s on /v1 with %i', async (_name, headers, status) => {
    expect((await keyed.request('/v1/targets', { headers })).status).toBe(status)
  })
  it('leaves health open', async () => {
    expect((await keyed.request('/healthz')).status).toBe(200)
  })
})

// A media body whose Content-Encoding inflates it far past its wire size: decoding stops at the bound, with a finding.
import { readFileSync } from 'node:fs'
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { download } from '../../src/fetch/download.js'
import { preflight } from '../../src/pipeline/preflight.js'
import { testOptions } from '../helpers/options.js'
import { samplePath } from '../helpers/samples.js'
import { startServer, type TestServer } from '../helpers/server.js'
import { fetchOptions } from './helpers.js'
import { mediaUrl } from '../../src/request/parse.js'
import { readMediaUrl } from '../../src/fetch/http-url.js'

const JPEG = readFileSync(samplePath('feed-ok-1080x1350.jpg'))
// A JPEG followed by 16 MiB of zeros: about 16 KB on the wire, a ratio near 1,000.
const INFLATING = Buffer.concat([JPEG, Buffer.alloc(16 * 1024 * 1024)])
const BODIES: Record<string, { encoding: string; body: Buffer }> = {
  '/bomb-gzip.jpg': { encoding: 'gzip', body: gzipSync(INFLATING) },
  '/bomb-deflate.jpg': { encoding: 'deflate', body: deflateSync(INFLATING) },
  '/plain-gzip.jpg': { encoding: 'gzip', body: gzipSync(JPEG) },
  '/bomb-br.jpg': { encoding: 'br', body: brotliCompressSync(INFLATING) },
}
// Small bounds, so the test stops the bomb after a few MiB.
const FLOOR = 2 * 1024 * 1024
const policy = { decodedRatioMax: 100, decodedFloorBytes: FLOOR }

let server: TestServer
let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preflight-decoded-'))
  server = await startServer((req, res) => {
    const served = BODIES[req.url ?? '']
    if (!served) return void res.writeHead(404).end()
    // Range is ignored: the whole encoded body, as servers that compress on the fly answer.
    res.writeHead(200, {
      'content-type': 'image/jpeg',
      'content-encoding': served.encoding,
      'content-length': String(served.body.length),
    })
    res.end(served.body)
  })
})
afterAll(async () => {
  await server.close()
  await rm(dir, { recursive: true, force: true })
})

describe('a Content-Encoding bomb', () => {
  it.each(['gzip', 'deflate'])('stops decoding %s at the bound and leaves no larger file', async (encoding) => {
    const path = join(dir, `media-${encoding}`)
    const got = await download(
      readMediaUrl(server.url(`/bomb-${encoding}.jpg`)),
      path,
      fetchOptions({ policy: policy as never }),
    )
    const finding = got.findings.find((f) => f.rule === 'fetch.content_encoding')
    const wire = BODIES[`/bomb-${encoding}.jpg`]!.body.length
    expect(finding?.args).toMatchObject({ encoding, wire, ratio: 100, floorBytes: FLOOR })
    expect(got.partial).toBe(true)
    const { size } = await stat(path)
    await rm(path)
    // Decoding stops past both bounds: the floor, and 100 times the wire bytes.
    expect(size).toBeLessThanOrEqual(Math.max(FLOOR, 100 * wire))
    expect(size).toBeLessThan(INFLATING.length / 4)
  })

  it('is a warning with a note on Meta targets, an info on Mastodon, and the scratch is removed', async () => {
    const tmpDir = await mkdtemp(join(dir, 'scratches-'))
    const base = testOptions({ tmpDir })
    const options = { ...base, fetch: { ...base.fetch, policy: { ...base.fetch.policy, ...policy } } }
    const report = await preflight(
      { media: [mediaUrl(server.url('/bomb-gzip.jpg'))], targets: ['instagram.feed', 'mastodon'] },
      options,
    )
    const found = (target: string) =>
      report.results.find((r) => r.target === target)?.findings.find((f) => f.rule === 'fetch.content_encoding')
    expect(found('instagram.feed')).toMatchObject({
      severity: 'warning',
      note: expect.stringMatching(/Meta does not document/),
    })
    expect(found('mastodon')).toMatchObject({ severity: 'info' })
    expect(await readdir(tmpDir)).toEqual([])
  })

  it('leaves a gzip-encoded photo alone: decoded whole, no finding', async () => {
    const path = join(dir, 'media-plain')
    const got = await download(
      readMediaUrl(server.url('/plain-gzip.jpg')),
      path,
      fetchOptions({ policy: policy as never }),
    )
    expect(got.findings.map((f) => f.rule)).not.toContain('fetch.content_encoding')
    expect(got.partial).toBe(false)
    const { size } = await stat(path)
    await rm(path)
    expect(size).toBe(JPEG.length)
  })

  // The crawler asks for gzip and deflate only (fetch/crawler.ts): a br body is stored as sent, so it cannot inflate on disk.
  it('stores a br body as sent, no larger than on the wire', async () => {
    const path = join(dir, 'media-br')
    const got = await download(
      readMediaUrl(server.url('/bomb-br.jpg')),
      path,
      fetchOptions({ policy: policy as never }),
    )
    const { size } = await stat(path)
    await rm(path)
    expect(size).toBe(BODIES['/bomb-br.jpg']!.body.length)
    expect(got.findings.map((f) => f.rule)).not.toContain('fetch.content_encoding')
  })
})

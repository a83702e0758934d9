// The digest taken while a body downloads: the SHA-256 of the file as saved, or null when the file is not whole.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { download, type DownloadOptions } from '../../src/fetch/download.js'
import { sha256File } from '../../src/services/content-hash.js'
import { samplePath } from '../helpers/samples.js'
import { startServer, type TestServer } from '../helpers/server.js'
import { virtualFile } from '../helpers/virtual-file.js'
import { fetchOptions } from './helpers.js'
import { readMediaUrl } from '../../src/fetch/http-url.js'

const JPEG = readFileSync(samplePath('feed-ok-1080x1350.jpg'))
const BIG = Buffer.concat([JPEG, Buffer.alloc(700_000, 7)]) // over the 524,289-byte probe: a second, full GET
const small = virtualFile([JPEG], 'image/jpeg')
const big = virtualFile([BIG], 'image/jpeg')
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')
let server: TestServer
let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preflight-digest-test-'))
  server = await startServer((req, res) => {
    if (req.url === '/robots.txt') return void res.writeHead(404).end()
    if (req.url === '/small.jpg') return small.handler(req, res)
    if (req.url === '/big.jpg') return big.handler(req, res)
    if (req.url === '/gzip.jpg')
      return void res.writeHead(200, { 'content-type': 'image/jpeg', 'content-encoding': 'gzip' }).end(gzipSync(JPEG))
    if (req.url === '/page.jpg') {
      // HTML to the crawler, the photo to a browser: the digest is of the browser's body, the one kept.
      const browser = !/facebookexternalhit/i.test(req.headers['user-agent'] ?? '')
      return void res
        .writeHead(200, { 'content-type': browser ? 'image/jpeg' : 'text/html' })
        .end(browser ? JPEG : '<html><title>Log in</title></html>')
    }
    res.writeHead(404).end()
  })
})
afterAll(async () => {
  await server.close()
  await rm(dir, { recursive: true, force: true })
})

let count = 0
const always = () => true
async function fetched(path: string, overrides: Partial<DownloadOptions> = {}) {
  const file = join(dir, `media-${count++}`)
  const result = await download(readMediaUrl(server.url(path)), file, fetchOptions({ hash: always, ...overrides }))
  return { result, onDisk: result.saved ? await sha256File(file) : null }
}

describe('the digest of a download', () => {
  it('is the SHA-256 of the saved file when the Range probe brought it whole', async () => {
    const { result, onDisk } = await fetched('/small.jpg')
    expect(result.partial).toBe(false)
    expect(result.sha256).toBe(sha256(JPEG))
    expect(result.sha256).toBe(onDisk)
  })

  it('is taken over the full GET when the probe brought only the head', async () => {
    const { result, onDisk } = await fetched('/big.jpg')
    expect(result.sha256).toBe(sha256(BIG))
    expect(result.sha256).toBe(onDisk)
  })

  it('is taken over the decoded bytes of a gzip body, as they are on disk', async () => {
    const { result, onDisk } = await fetched('/gzip.jpg')
    expect(result.sha256).toBe(sha256(JPEG))
    expect(result.sha256).toBe(onDisk)
  })

  it('is taken over the body kept after a crawler was served HTML', async () => {
    const { result, onDisk } = await fetched('/page.jpg')
    expect(result.findings.map((f) => f.rule)).toContain('fetch.crawler_blocked')
    expect(result.sha256).toBe(sha256(JPEG))
    expect(result.sha256).toBe(onDisk)
  })

  it('is null for a file cut at the read cap, a quick read, or when not wanted', async () => {
    expect((await fetched('/big.jpg', { readCap: 600_001 })).result).toMatchObject({
      saved: true,
      partial: true,
      sha256: null,
    })
    expect((await fetched('/big.jpg', { depth: 'quick' })).result).toMatchObject({
      saved: true,
      partial: true,
      sha256: null,
    })
    expect((await fetched('/small.jpg', { hash: undefined })).result).toMatchObject({
      saved: true,
      partial: false,
      sha256: null,
    })
    expect((await fetched('/small.jpg', { hash: () => false })).result).toMatchObject({
      saved: true,
      partial: false,
      sha256: null,
    })
  })

  it('is asked for with the response recorded so far and the length it announced', async () => {
    const asked: [string | null, number | null][] = []
    await fetched('/small.jpg', { hash: (source, length) => (asked.push([source.contentType, length]), true) })
    expect(asked).toEqual([['image/jpeg', JPEG.length]])
  })
})

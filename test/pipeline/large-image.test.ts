// A JPEG over Meta's 8 MiB: refused by size from a file, and by URL without downloading it whole.
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { preflight } from '../../src/pipeline/preflight.js'
import { paddedJpeg } from '../helpers/big-jpeg.js'
import { testOptions } from '../helpers/options.js'
import { startServer, type TestServer } from '../helpers/server.js'
import { mediaUrl } from '../../src/request/parse.js'

const SIZE = 9_000_000
let dir: string
let server: TestServer
const body = paddedJpeg(SIZE)

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preflight-large-'))
  await writeFile(join(dir, 'big.jpg'), body)
  server = await startServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': String(body.length) })
    res.end(body)
  })
})
afterAll(async () => {
  await server.close()
  await rm(dir, { recursive: true, force: true })
})

describe('an image over 8 MiB', () => {
  it('fails image.file_size on Instagram and passes on Mastodon (16 MiB)', async () => {
    const report = await preflight(
      { media: [{ path: join(dir, 'big.jpg') }], targets: ['instagram.feed', 'mastodon'] },
      testOptions(),
    )
    expect(report.items[0]!.media!.sizeBytes).toBe(SIZE)
    expect(report.results[0]!.findings.map((f) => f.rule)).toEqual(['image.file_size'])
    expect(report.results[0]!.findings[0]!.platformError).toBe('2207004')
    expect(report.results[1]!.verdict).toBe('pass')
  })

  it('stops reading a URL one byte past the largest limit, and still judges the size', async () => {
    const scratch = await mkdtemp(join(tmpdir(), 'preflight-scratch-'))
    const report = await preflight(
      { media: [mediaUrl(server.url('/big.jpg'))], targets: ['instagram.feed'] },
      testOptions({ tmpDir: scratch }),
    )
    expect(report.items[0]!.source!.bytes).toBe(8_388_609)
    expect(report.items[0]!.media!.sizeBytes).toBe(SIZE)
    const rules = report.results[0]!.findings.map((f) => `${f.rule}:${f.severity}`)
    expect(rules).toEqual(['image.file_size:error', 'fetch.not_https:warning', 'fetch.too_large:info']) // a test server speaks http
    expect(await readdir(scratch)).toEqual([]) // the download's scratch directory is gone
    await rm(scratch, { recursive: true, force: true })
  })
})

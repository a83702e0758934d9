// The service-wide temp-disk budget: concurrent downloads past it are stopped with a finding, and every byte is given back.
import { readFileSync } from 'node:fs'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.js'
import { preflight } from '../../src/pipeline/preflight.js'
import { preflightOptions } from '../../src/pipeline/options.js'
import { samplePath } from '../helpers/samples.js'
import { startServer, type TestServer } from '../helpers/server.js'
import { mediaUrl } from '../../src/request/parse.js'

const JPEG = readFileSync(samplePath('feed-ok-1080x1350.jpg'))
const PHOTO = Buffer.concat([JPEG, Buffer.alloc(1_000_000)]) // a JPEG with 1 MB of trailing padding
const BUDGET = 1_500_000 // room for one photo, not three
const ITEMS = 3
// The origin holds the photos until every item has asked (or this long), so the three downloads overlap.
const GATHER_MS = 3_000

let server: TestServer
let root: string
const held: ServerResponse[] = []
let gather = ITEMS
let release: NodeJS.Timeout | null = null

function sendAll(): void {
  if (release) clearTimeout(release)
  release = null
  for (const res of held.splice(0)) {
    res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': String(PHOTO.length) })
    res.end(PHOTO)
  }
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'preflight-budget-'))
  server = await startServer((req, res) => {
    if (req.url === '/chunked.jpg') {
      // No Content-Length: room is taken chunk by chunk, and runs out half-way.
      res.writeHead(200, { 'content-type': 'image/jpeg' })
      res.write(PHOTO)
      return void res.end(PHOTO)
    }
    if (!req.url?.startsWith('/photo')) return void res.writeHead(404).end()
    held.push(res)
    if (held.length >= gather) sendAll()
    else release ??= setTimeout(sendAll, GATHER_MS)
  })
})
afterAll(async () => {
  sendAll()
  await server.close()
  await rm(root, { recursive: true, force: true })
})

function options(tmpDir: string) {
  const env = {
    ...process.env,
    PREFLIGHT_ALLOW_PRIVATE_NETWORKS: 'true',
    PREFLIGHT_TEMP_BUDGET_BYTES: String(BUDGET),
    PREFLIGHT_TMPDIR: tmpDir,
  }
  return { ...preflightOptions(loadConfig(env)), probeCache: undefined }
}

describe('the temp-disk budget', () => {
  it('stops the downloads that do not fit, says so, and gives every byte back', async () => {
    const tmpDir = await mkdtemp(join(root, 'scratches-'))
    const o = options(tmpDir)
    const media = Array.from({ length: ITEMS }, (_, i) => mediaUrl(server.url(`/photo-${i}.jpg`)))
    const report = await preflight({ media, targets: ['threads'] }, o)
    const findings = report.results[0]!.findings
    const refused = findings.filter((f) => f.rule === 'fetch.too_large')
    expect(refused.length).toBeGreaterThanOrEqual(1)
    expect(refused.length).toBeLessThan(ITEMS) // the first photo to ask for room fits
    for (const finding of refused) {
      expect(finding).toMatchObject({ severity: 'error', action: 'retry_later', platformError: null })
      expect(finding.message).toMatch(/temporary disk space/)
      expect(report.items[finding.item!]!.media).toBeNull()
    }
    const stored = report.items.filter((item) => item.media !== null)
    expect(stored.length).toBe(ITEMS - refused.length)
    expect(stored.every((item) => item.media?.kind === 'image')).toBe(true)
    expect(o.diskBudget?.used).toBe(0)
    expect(await readdir(tmpDir)).toEqual([])

    // With the others' files gone, one photo fits again.
    gather = 1
    const again = await preflight({ media: [media[0]!], targets: ['threads'] }, o)
    expect(again.items[0]!.media?.kind).toBe('image')
    expect(again.results[0]!.findings.map((f) => f.rule)).not.toContain('fetch.too_large')
    expect(await readdir(tmpDir)).toEqual([])
  })

  it('stops a body of unknown length when it outgrows the budget', async () => {
    const tmpDir = await mkdtemp(join(root, 'scratches-'))
    const o = options(tmpDir)
    const report = await preflight({ media: [mediaUrl(server.url('/chunked.jpg'))], targets: ['threads'] }, o)
    expect(report.results[0]!.findings.filter((f) => f.rule === 'fetch.too_large')).toMatchObject([
      { severity: 'error', action: 'retry_later' },
    ])
    expect(report.items[0]!.media).toBeNull()
    expect(o.diskBudget?.used).toBe(0)
    expect(await readdir(tmpDir)).toEqual([])
  })
})

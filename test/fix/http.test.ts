// POST /v1/fix end to end on the embedded engine: the job runs runFixJob, its outputs are served, after passes.
import { readFile } from 'node:fs/promises'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.js'
import { createService, type Service } from '../../src/http/app.js'
import { createLogger } from '../../src/services/logger.js'
import { json } from '../helpers/app.js'
import { samplePath } from '../helpers/samples.js'
import { startServer, type TestServer } from '../helpers/server.js'

let origin: TestServer
let root: string
let service: Service

beforeAll(async () => {
  origin = await startServer((req, res) => {
    if (req.url !== '/photo.jpg') return void res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>no</h1>')
    void readFile(samplePath('phone-portrait-exif6.jpg')).then((body) =>
      res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': body.length }).end(body),
    )
  })
  root = await mkdtemp(join(tmpdir(), 'preflight-fix-http-'))
  const config = loadConfig({
    ...process.env,
    PREFLIGHT_ALLOW_PRIVATE_NETWORKS: 'true',
    PREFLIGHT_RATE_LIMIT: '0',
    PREFLIGHT_JOB_DIR: root,
    PREFLIGHT_FIX_X264_PRESET: 'ultrafast',
  })
  service = createService(config, { logger: createLogger('silent') })
})
afterAll(async () => {
  await service.jobs.close(1000)
  await origin.close()
  await rm(root, { recursive: true, force: true })
})

interface FixJob {
  state: string
  result: {
    after: { ok: boolean }
    outputs: { href: string; mime: string; targets: string[]; region?: { width: number; height: number } }[]
  } | null
}

describe('POST /v1/fix', () => {
  it('fixes a URL within Prefer: wait, and serves the output', async () => {
    const res = await service.app.request('/v1/fix', {
      ...json({ url: origin.url('/photo.jpg'), targets: ['instagram.feed'], strategy: 'crop' }),
      headers: { 'content-type': 'application/json', prefer: 'wait=30' },
    })
    expect(res.status).toBe(200)
    const job = (await res.json()) as FixJob
    expect(job.state).toBe('done')
    expect(job.result?.after.ok).toBe(true)
    const output = job.result!.outputs[0]!
    expect(output).toMatchObject({ mime: 'image/jpeg', targets: ['instagram.feed'] })
    const file = await service.app.request(output.href)
    expect(file.status).toBe(200)
    const meta = await sharp(Buffer.from(await file.arrayBuffer())).metadata()
    expect([meta.format, meta.width! * 5 === meta.height! * 4]).toEqual(['jpeg', true])
  })
})

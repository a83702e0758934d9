// POST /v1/fix on each engine: JSON or an upload, Prefer: wait, the output file, bad fields, cancel.
import { createReadStream } from 'node:fs'
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.js'
import { createService, type Service } from '../../src/http/app.js'
import { createLogger } from '../../src/services/logger.js'
import { json } from '../helpers/app.js'
import { engines, pollUntil, type JobJson } from '../helpers/jobs.js'
import { samplePath } from '../helpers/samples.js'
import { startServer, type TestServer } from '../helpers/server.js'

let origin: TestServer
const stalled = new Map<string, ServerResponse>()

beforeAll(async () => {
  origin = await startServer((req, res) => {
    if (req.url?.startsWith('/stall/')) {
      res.writeHead(200, { 'content-type': 'image/jpeg' })
      res.write(Buffer.from([0xff, 0xd8]))
      stalled.set(req.url, res)
      return
    }
    res.writeHead(200, { 'content-type': 'image/jpeg' })
    createReadStream(samplePath('tall-1080x1920.jpg')).pipe(res)
  })
})
afterAll(async () => {
  for (const res of stalled.values()) res.destroy()
  await origin.close()
})

type FixJson = JobJson & {
  result: {
    after: { ok: boolean }
    before: { ok: boolean }
    outputs: { href: string; mime: string; bytes: number }[]
  } | null
}

describe.each(engines)('POST /v1/fix on the $name engine', (engine) => {
  let root: string
  let service: Service
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'preflight-fix-route-'))
    await engine.start()
    const config = loadConfig({
      ...process.env,
      PREFLIGHT_RATE_LIMIT: '0',
      PREFLIGHT_JOB_DIR: root,
      ...engine.env(),
    })
    service = createService(config, { logger: createLogger('silent') })
  })
  afterAll(async () => {
    await service.jobs.close(1000)
    await engine.stop()
    await rm(root, { recursive: true, force: true })
  })

  it('fixes a URL and, with Prefer: wait, answers 200 with the finished job and a downloadable output', async () => {
    const res = await service.app.request('/v1/fix', {
      ...json({ url: origin.url('/tall.jpg'), targets: ['instagram.feed'], strategy: 'crop' }),
      headers: { 'content-type': 'application/json', prefer: 'wait=60' },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('preference-applied')).toBe('wait=60')
    const job = (await res.json()) as FixJson
    expect(job).toMatchObject({ kind: 'fix', state: 'done', error: null })
    expect(job.result?.before.ok).toBe(false)
    expect(job.result?.after.ok).toBe(true)
    const [output] = job.result!.outputs
    const file = await service.app.request(output!.href)
    expect(file.status).toBe(200)
    expect(file.headers.get('content-type')).toBe(output!.mime)
    const bytes = Buffer.from(await file.arrayBuffer())
    expect(bytes.length).toBe(output!.bytes)
    const { width, height } = await sharp(bytes).metadata()
    expect(width! / height!).toBeGreaterThanOrEqual(0.8 - 1e-3) // inside the feed's 4:5 to 1.91:1
    expect((await service.app.request(`/v1/jobs/${job.id}/outputs/1`)).status).toBe(404)
  })

  it('fixes an upload: 202, then the job ends done; the upload was copied into the job folder', async () => {
    const form = new FormData()
    form.append('file', new Blob([await readFile(samplePath('tall-1080x1920.jpg'))]), 'tall.jpg')
    form.append('targets', 'instagram.feed')
    form.append('strategy', 'pad')
    const res = await service.app.request('/v1/fix', { method: 'POST', body: form })
    expect(res.status).toBe(202)
    const { id } = (await res.json()) as JobJson
    const job = (await pollUntil(
      async () => (await (await service.app.request(`/v1/jobs/${id}`)).json()) as FixJson,
      (j) => ['done', 'failed'].includes(j.state),
    )) as FixJson
    expect(job.state).toBe('done')
    expect(job.result?.after.ok).toBe(true)
    expect(await readdir(join(root, id))).toContain('upload-0')
  })

  it('refuses bad fix fields with 400 before any job exists', async () => {
    const bad = await service.app.request(
      '/v1/fix',
      json({ url: origin.url('/x.jpg'), targets: ['instagram.feed'], strategy: 'stretch' }),
    )
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_field')
    const form = new FormData()
    form.append('file', new Blob([Buffer.from('x')]), 'x.jpg')
    form.append('targets', 'instagram.feed')
    form.append('allowTrim', 'maybe')
    expect((await service.app.request('/v1/fix', { method: 'POST', body: form })).status).toBe(400)
  })

  it('cancels a running fix: cancelled, and its folder emptied', async () => {
    const stall = `/stall/fix-${engine.name}.jpg`
    const res = await service.app.request('/v1/fix', json({ url: origin.url(stall), targets: ['instagram.feed'] }))
    const { id } = (await res.json()) as JobJson
    await pollUntil(async () => stalled.has(stall), Boolean)
    const cancelled = (await (await service.app.request(`/v1/jobs/${id}`, { method: 'DELETE' })).json()) as JobJson
    expect(cancelled.state).toBe('cancelled')
    await pollUntil(
      () => readdir(join(root, id)).catch(() => [] as string[]),
      (names) => names.length === 0,
    )
    expect(((await (await service.app.request(`/v1/jobs/${id}`)).json()) as JobJson).state).toBe('cancelled')
  })
})

// POST /v1/preflight/file under @hono/node-server, as `npm start` serves it: the multipart body is read from the request's own Node stream.
import { readFileSync } from 'node:fs'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testApp } from '../helpers/app.js'
import { listen, type Listening } from '../helpers/listen.js'
import { samplePath } from '../helpers/samples.js'

let dir: string
let service: Listening
let small: Listening

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preflight-upload-'))
  service = await listen(testApp({ PREFLIGHT_TMPDIR: dir }))
  small = await listen(testApp({ PREFLIGHT_TMPDIR: dir, PREFLIGHT_MAX_UPLOAD_BYTES: '5000' }))
})
afterAll(async () => {
  await service.close()
  await small.close()
  await rm(dir, { recursive: true, force: true })
})

function form(files: string[], fields: Record<string, string>): FormData {
  const body = new FormData()
  for (const [k, v] of Object.entries(fields)) body.append(k, v)
  for (const f of files) body.append('file', new Blob([readFileSync(samplePath(f))]), f)
  return body
}

describe('POST /v1/preflight/file over a socket', () => {
  it('reads every file in the order sent, with its fields, and leaves no temp file', async () => {
    const res = await fetch(`${service.base}/v1/preflight/file`, {
      method: 'POST',
      body: form(['feed-ok-1080x1350.jpg', 'tall-1080x1920.jpg'], { targets: 'threads', caption: 'hello' }),
    })
    expect(res.status).toBe(200)
    const report = await res.json()
    expect(report.items.map((i: { media: { height: number } }) => i.media.height)).toEqual([1350, 1920])
    expect(report.items.map((i: { media: { sizeBytes: number } }) => i.media.sizeBytes)).toEqual(
      ['feed-ok-1080x1350.jpg', 'tall-1080x1920.jpg'].map((f) => readFileSync(samplePath(f)).length),
    )
    expect(await readdir(dir)).toEqual([])
  })

  it('answers 413 for a file over the limit, and leaves no temp file', async () => {
    const res = await fetch(`${small.base}/v1/preflight/file`, {
      method: 'POST',
      body: form(['feed-ok-1080x1350.jpg'], { targets: 'threads' }),
    })
    expect(res.status).toBe(413)
    expect((await res.json()).error.code).toBe('payload_too_large')
    expect(await readdir(dir)).toEqual([])
  })
})

// The report's zod schema (documented in /openapi.json) against real reports: every field the service sends is in it.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { z } from 'zod'
import type { Report } from '../../src/pipeline/report.js'
import { errorSchema, reportSchema } from '../../src/http/report-schema.js'
import { targetsSchema } from '../../src/http/openapi/extra-schemas.js'
import { json, testApp } from '../helpers/app.js'
import { samplePath } from '../helpers/samples.js'
import { startServer, type TestServer } from '../helpers/server.js'

// Both ways assignable: a field added to the Report type but not to the schema (or the reverse) fails tsc.
type Documented = z.output<typeof reportSchema>
export const schemaCoversReport = (r: Report): Documented => r
export const reportCoversSchema = (r: Documented): Report => r

const app = testApp()
let server: TestServer

beforeAll(async () => {
  server = await startServer((req, res) => {
    if (req.url === '/photo.jpg')
      res.writeHead(200, { 'content-type': 'image/jpeg' }).end(readFileSync(samplePath('tall-1080x1920.jpg')))
    else if (req.url === '/api/v2/instance')
      res.writeHead(200).end(JSON.stringify({ version: '4.7.2', configuration: { statuses: { max_characters: 5 } } }))
    else res.writeHead(302, { location: '/gone' }).end()
  })
})
afterAll(() => server.close())

function upload(files: string[], targets: string) {
  const form = new FormData()
  for (const f of files) form.append('file', new Blob([readFileSync(samplePath(f))]), f)
  form.append('targets', targets)
  return { method: 'POST', body: form }
}

/** Parsing strips what the schema does not name: a report equal to its parse has every field documented. */
async function documented(res: Response) {
  expect(res.status).toBe(200)
  const body = await res.json()
  expect(reportSchema.parse(body)).toEqual(body)
  return body
}

describe('the report schema', () => {
  it.each([
    [
      'an image and a text file, every target',
      ['tall-1080x1920.jpg', 'not-an-image.jpg'],
      'instagram.feed,instagram.carousel,instagram.stories,threads,mastodon',
    ],
    ['a video with audio', ['clip-360x640.mp4'], 'instagram.reels,threads,mastodon'],
    ['an animated image and a CMYK JPEG', ['animated-320x400.gif', 'cmyk-800x1000.jpg'], 'instagram.carousel'],
  ])('names every field of an upload report: %s', async (_, files, targets) => {
    await documented(await app.request('/v1/preflight/file', upload(files, targets)))
  })

  it('names every field of a URL report, fetched and unfetchable', async () => {
    await documented(
      await app.request('/v1/preflight', json({ url: server.url('/photo.jpg'), targets: ['instagram.feed'] })),
    )
    await documented(await app.request('/v1/preflight', json({ url: server.url('/moved.jpg'), targets: ['threads'] })))
  })

  it('names every field of a Mastodon report with instance limits and post findings', async () => {
    const origin = server.url('/').replace(/\/$/, '')
    const body = {
      url: server.url('/photo.jpg'),
      targets: ['mastodon', 'instagram.stories'],
      caption: 'too long',
      altText: 'a photo',
      mastodonInstance: origin,
    }
    const read = await documented(await app.request('/v1/preflight', json(body)))
    expect(read.results[0].instance.limits).toBe('instance')
    const down = await documented(
      await app.request('/v1/preflight', json({ ...body, mastodonInstance: 'http://127.0.0.1:1' })),
    )
    expect(down.results[0].instance.limits).toBe('defaults')
  })

  it('names the error reply and the targets table', async () => {
    const refused = await (await app.request('/v1/preflight', json({ url: 'ftp://x', targets: ['threads'] }))).json()
    expect(errorSchema.parse(refused)).toEqual(refused)
    const targets = await (await app.request('/v1/targets')).json()
    expect(targetsSchema.parse(targets)).toEqual(targets)
  })
})

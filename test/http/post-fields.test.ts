// Post fields over HTTP: a multipart carousel with a caption, mastodonInstance in the report, and its 400s.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { instanceOrigin } from '../../src/request/parse.js'
import { json, testApp } from '../helpers/app.js'
import { samplePath } from '../helpers/samples.js'
import { startServer, type TestServer } from '../helpers/server.js'

const app = testApp()
let fake: TestServer

beforeAll(async () => {
  fake = await startServer((req, res) => {
    if (req.url === '/api/v2/instance') {
      res.writeHead(200, { 'content-type': 'application/json' })
      return res.end(
        JSON.stringify({
          version: '4.4.0',
          configuration: { statuses: { max_characters: 10, max_media_attachments: 1 } },
        }),
      )
    }
    if (req.url === '/photo.jpg')
      return res.writeHead(200, { 'content-type': 'image/jpeg' }).end(readFileSync(samplePath('feed-ok-1080x1350.jpg')))
    res.writeHead(404).end()
  })
})
afterAll(() => fake.close())

describe('post fields over HTTP', () => {
  it('judges an uploaded carousel and its caption', async () => {
    const form = new FormData()
    for (const name of ['feed-ok-1080x1350.jpg', 'square-1080.png'])
      form.append('file', new Blob([readFileSync(samplePath(name))]), name)
    form.append('targets', 'instagram.carousel,threads')
    form.append('caption', `${'@someone '.repeat(21)}`)
    form.append('productTags', JSON.stringify([{ productId: 'a' }]))
    const report = await (await app.request('/v1/preflight/file', { method: 'POST', body: form })).json()
    const carousel = report.results[0].findings.map(
      (f: { rule: string; item?: number }) => `${f.rule}@${f.item ?? '-'}`,
    )
    expect(carousel.sort()).toEqual([
      'image.aspect_ratio@1',
      'image.format@1',
      'post.mentions@-',
      'post.product_tags@0',
      'post.product_tags@1',
    ])
    expect(report.results[1].verdict).toBe('pass') // Threads counts no mentions and takes no product tags
  })

  it('says which Mastodon limits came from the instance', async () => {
    const origin = fake.url('').replace(/\/$/, '')
    const res = await app.request(
      '/v1/preflight',
      json({
        media: [{ url: fake.url('/photo.jpg') }, { url: fake.url('/photo.jpg') }],
        targets: ['mastodon'],
        caption: 'eleven char',
        mastodonInstance: `${origin}/@someone`,
      }),
    )
    const report = await res.json()
    expect(report.results[0].verdict).toBe('fail')
    expect(report.results[0].findings.map((f: { rule: string }) => f.rule).sort()).toEqual([
      'post.caption_length',
      'post.carousel_size',
    ])
    expect(report.results[0].instance).toEqual({
      url: origin,
      version: '4.4.0',
      release: '4.4.0',
      limits: 'instance',
      fromInstance: [
        { field: 'version', rule: 'post.alt_text_length', value: '4.4.0' }, // 1,500 before 4.6
        { field: 'statuses.max_characters', rule: 'post.caption_length', value: 10 },
        { field: 'statuses.max_media_attachments', rule: 'post.carousel_size', value: 1 },
      ],
    })
  })

  it('counts spoilerText with the caption on Mastodon only, from JSON and from a form', async () => {
    const origin = fake.url('').replace(/\/$/, '') // max_characters 10
    const body = {
      url: fake.url('/photo.jpg'),
      targets: ['mastodon', 'threads'],
      caption: 'hello',
      spoilerText: 'CW: 6 ch',
      mastodonInstance: origin,
    }
    const fromJson = await (await app.request('/v1/preflight', json(body))).json()
    const form = new FormData()
    form.append('file', new Blob([readFileSync(samplePath('feed-ok-1080x1350.jpg'))]), 'photo.jpg')
    for (const [name, value] of Object.entries(body))
      if (name !== 'url') form.append(name, Array.isArray(value) ? value.join(',') : value)
    const fromForm = await (await app.request('/v1/preflight/file', { method: 'POST', body: form })).json()
    for (const report of [fromJson, fromForm]) {
      const [mastodon, threads] = report.results
      expect(mastodon.findings).toMatchObject([
        { rule: 'post.caption_length', actual: 13, message: expect.stringContaining('content warning') },
      ])
      expect(threads.findings.filter((f: { rule: string }) => f.rule === 'post.caption_length')).toEqual([]) // 5 characters there
    }
  })

  it('reads title, tiktokVerifiedPrefixes and tiktokMaxDurationS from JSON and from a form', async () => {
    const prefix = fake.url('/')
    const body = { url: fake.url('/photo.jpg'), targets: ['tiktok.photo'], title: 'x'.repeat(91) }
    const fromJson = await (
      await app.request('/v1/preflight', json({ ...body, tiktokVerifiedPrefixes: [prefix], tiktokMaxDurationS: 60 }))
    ).json()
    const form = new FormData()
    form.append('file', new Blob([readFileSync(samplePath('feed-ok-1080x1350.jpg'))]), 'photo.jpg')
    form.append('targets', 'tiktok.photo')
    form.append('title', body.title)
    form.append('tiktokVerifiedPrefixes', prefix)
    form.append('tiktokVerifiedPrefixes', 'example.com')
    form.append('tiktokMaxDurationS', '60')
    const fromForm = await (await app.request('/v1/preflight/file', { method: 'POST', body: form })).json()
    for (const report of [fromJson, fromForm])
      expect(report.results[0].findings).toContainEqual(
        expect.objectContaining({ rule: 'post.title_length', actual: 91 }),
      )
    // The URL is under the verified prefix: no ownership finding, only the http and IP-host rows of a loopback URL.
    const rules = fromJson.results[0].findings.map((f: { rule: string }) => f.rule)
    expect(rules).not.toContain('fetch.url_prefix')
    expect(rules).toEqual(expect.arrayContaining(['fetch.not_https', 'fetch.ip_host']))
  })

  it.each([
    { title: 42 },
    { tiktokVerifiedPrefixes: [42] },
    { tiktokVerifiedPrefixes: ['x'.repeat(2049)] },
    { tiktokMaxDurationS: 0 },
    { tiktokMaxDurationS: 1.5 },
    { tiktokMaxDurationS: '60' },
  ])('refuses %j with 400 invalid_field', async (field) => {
    const res = await app.request(
      '/v1/preflight',
      json({ url: fake.url('/photo.jpg'), targets: ['tiktok.video'], ...field }),
    )
    expect(res.status).toBe(400)
    expect((await res.json()).error.code).toBe('invalid_field')
  })

  it('refuses a tiktokMaxDurationS form field that is not a number', async () => {
    const form = new FormData()
    form.append('file', new Blob([readFileSync(samplePath('feed-ok-1080x1350.jpg'))]), 'photo.jpg')
    form.append('targets', 'tiktok.video')
    form.append('tiktokMaxDurationS', 'ten')
    const res = await app.request('/v1/preflight/file', { method: 'POST', body: form })
    expect(res.status).toBe(400)
    expect((await res.json()).error.code).toBe('invalid_field')
  })

  it('refuses a spoilerText that is not a string', async () => {
    const res = await app.request(
      '/v1/preflight',
      json({ url: fake.url('/photo.jpg'), targets: ['mastodon'], spoilerText: 42 }),
    )
    expect(res.status).toBe(400)
  })

  it.each(['ftp://mastodon.example', 'https://user:pw@mastodon.example', 'http://[bad'])(
    'refuses mastodonInstance %s with 400',
    async (mastodonInstance) => {
      const res = await app.request(
        '/v1/preflight',
        json({ url: fake.url('/photo.jpg'), targets: ['mastodon'], mastodonInstance }),
      )
      expect(res.status).toBe(400)
      expect((await res.json()).error.code).toBe('invalid_field')
    },
  )

  it.each([
    ['mastodon.social', 'https://mastodon.social'],
    ['https://Mastodon.Social/@Gargron', 'https://mastodon.social'],
    ['http://127.0.0.1:3106/', 'http://127.0.0.1:3106'],
  ])('reads the instance %s at %s', (given, origin) => expect(instanceOrigin(given)).toBe(origin))
})

// A media URL is parsed once where it enters: the request model refuses what is no http(s) URL, the CLI's
// unparseable one reaches download() unparsed and comes back as a finding, and the text as given is kept.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ServiceError } from '../../src/errors.js'
import { download } from '../../src/fetch/download.js'
import { readMediaUrl } from '../../src/fetch/http-url.js'
import { mediaUrl } from '../../src/request/parse.js'
import { fetchOptions } from './helpers.js'

describe('a media URL', () => {
  it('keeps the text as given beside the parsed URL', () => {
    const url = readMediaUrl('HTTPS://CDN.example/a b.jpg')
    expect(url.given).toBe('HTTPS://CDN.example/a b.jpg')
    expect(url.parsed?.href).toBe('https://cdn.example/a%20b.jpg')
  })

  it.each(['ftp://cdn.example/a.jpg', '/a.jpg', 'http://[nope/a.jpg', 'javascript:alert(1)'])(
    'is no media URL: %s',
    (text) => {
      expect(readMediaUrl(text).parsed).toBeNull()
      expect(() => mediaUrl(text)).toThrow(ServiceError)
    },
  )

  it('that does not parse is reported unfetchable by download(), the source naming it as given', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'preflight-media-url-'))
    try {
      const got = await download(readMediaUrl('http://[nope/a.jpg'), join(dir, 'media'), fetchOptions())
      expect(got.saved).toBe(false)
      expect(got.source.url).toBe('http://[nope/a.jpg')
      expect(got.findings).toEqual([
        expect.objectContaining({
          rule: 'fetch.unreachable',
          args: expect.objectContaining({ code: 'ERR_INVALID_URL' }),
        }),
      ])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

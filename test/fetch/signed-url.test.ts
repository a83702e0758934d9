// Signed-URL expiry (PLATFORM-RULES.md §8) read from the query against a fixed clock: every scheme, both edges.
import { describe, expect, it } from 'vitest'
import { parseSignedUrl } from '../../src/fetch/signed-url.js'
import { expiryFindings } from '../../src/fetch/url-checks.js'

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0) // 2026-11-23T12:00:00Z
const S = NOW / 1000
const WINDOW = 3600
const policy = (p: object) =>
  Buffer.from(JSON.stringify(p)).toString('base64').replace(/\+/g, '-').replace(/=/g, '_').replace(/\//g, '~')
const problems = (url: string) =>
  expiryFindings(new URL(url), NOW, WINDOW).map(
    (f) => `${(f.args as { problem: string }).problem}${f.tier ? `/${f.tier}` : ''}`,
  )

describe('expiry per scheme', () => {
  it.each([
    [
      'S3 SigV4, 2 h left',
      `https://b.s3.amazonaws.com/a.jpg?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20261123T110000Z&X-Amz-Expires=10800&X-Amz-Signature=x`,
      [],
    ],
    [
      'S3 SigV4, 30 min left',
      `https://b.s3.amazonaws.com/a.jpg?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20261123T110000Z&X-Amz-Expires=5400`,
      ['soon/soon'],
    ],
    [
      'S3 SigV4, expired',
      `https://b.s3.amazonaws.com/a.jpg?x-amz-algorithm=AWS4-HMAC-SHA256&x-amz-date=20261123T110000Z&x-amz-expires=3600`,
      ['expired'],
    ],
    [
      'S3 SigV4, over 7 days',
      `https://b.s3.amazonaws.com/a.jpg?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20261123T110000Z&X-Amz-Expires=604801`,
      ['too_long'],
    ],
    [
      'S3 SigV4, session token',
      `https://b.s3.amazonaws.com/a.jpg?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20261123T110000Z&X-Amz-Expires=86400&X-Amz-Security-Token=t`,
      ['temporary_credentials/note'],
    ],
    ['S3 SigV2', `https://b.s3.amazonaws.com/a.jpg?AWSAccessKeyId=K&Signature=s&Expires=${S + 600}`, ['soon/soon']],
    [
      'GCS V4',
      `https://storage.googleapis.com/b/a.jpg?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Date=20261122T120000Z&X-Goog-Expires=86400`,
      ['expired'],
    ],
    ['GCS V2', `https://storage.googleapis.com/b/a.jpg?GoogleAccessId=x&Expires=${S + 7200}&Signature=s`, []],
    [
      'Azure SAS se',
      `https://a.blob.core.windows.net/c/a.jpg?sv=2022-11-02&se=2026-11-23T12%3A30%3A00Z&sig=s`,
      ['soon/soon'],
    ],
    ['Azure SAS bare date', `https://a.blob.core.windows.net/c/a.jpg?sv=2022-11-02&se=2026-11-23&sig=s`, ['expired']],
    [
      'Azure SAS ske earlier',
      `https://a.blob.core.windows.net/c/a.jpg?sv=2022-11-02&se=2026-12-01T00:00:00Z&ske=2026-11-23T11:00:00Z&sig=s`,
      ['expired'],
    ],
    [
      'Azure SAS st future',
      `https://a.blob.core.windows.net/c/a.jpg?sv=2022-11-02&st=2026-11-23T13:00:00Z&se=2026-12-01T00:00:00Z&sig=s`,
      ['not_yet_valid'],
    ],
    ['Azure SAS si only', `https://a.blob.core.windows.net/c/a.jpg?sv=2022-11-02&si=policy1&sig=s`, ['hidden/note']],
    [
      'Azure SAS sip',
      `https://a.blob.core.windows.net/c/a.jpg?sv=2022-11-02&se=2026-12-01T00:00:00Z&sip=1.2.3.4&sig=s`,
      ['ip_bound/restricted'],
    ],
    ['CloudFront canned', `https://d1.cloudfront.net/a.jpg?Expires=${S - 1}&Signature=s&Key-Pair-Id=K`, ['expired']],
    [
      'CloudFront custom',
      `https://d1.cloudfront.net/a.jpg?Policy=${policy({ Statement: [{ Condition: { DateLessThan: { 'AWS:EpochTime': S + 100 }, DateGreaterThan: { 'AWS:EpochTime': S + 50 }, IpAddress: { 'AWS:SourceIp': '1.2.3.4/32' } } }] })}&Signature=s&Key-Pair-Id=K`,
      ['soon/soon', 'not_yet_valid', 'ip_bound/restricted'],
    ],
    ['Akamai', `https://e.akamaized.net/a.jpg?hdnts=st=${S - 10}~exp=${S + 60}~acl=/*~hmac=abc`, ['soon/soon']],
    [
      'Akamai __token__ with ip',
      `https://e.akamaized.net/a.jpg?__token__=ip=1.2.3.4~exp=${S + 86400}~acl=/*~hmac=abc`,
      ['ip_bound/restricted'],
    ],
    ['Bunny query', `https://z.b-cdn.net/a.jpg?token=t&expires=${S}`, ['expired']],
    ['Bunny path', `https://z.b-cdn.net/bcdn_token=t&expires=${S + 86400}&token_path=%2F/a.jpg`, []],
    ['Meta CDN oe', 'https://scontent.xx.fbcdn.net/v/a.jpg?oe=66EA2CCF&oh=x', ['expired']],
    ['not signed', 'https://cdn.example.com/a.jpg?v=2', []],
    ['oe off a Meta host', 'https://cdn.example.com/a.jpg?oe=66EA2CCF', []],
  ])('%s → %j', (_name, url, expected) => expect(problems(url)).toEqual(expected))

  it('reads the Meta CDN oe as unix seconds (66EA2CCF = 2024-09-18)', () => {
    const sig = parseSignedUrl(new URL('https://scontent.cdninstagram.com/a.jpg?oe=66EA2CCF'))
    expect(new Date(sig!.expiresAt! * 1000).toISOString().slice(0, 10)).toBe('2024-09-18')
  })

  it('counts the window exactly: 3,600 s left passes, 3,599 s warns', () => {
    expect(problems(`https://b.s3.amazonaws.com/a.jpg?AWSAccessKeyId=K&Signature=s&Expires=${S + 3600}`)).toEqual([])
    expect(problems(`https://b.s3.amazonaws.com/a.jpg?AWSAccessKeyId=K&Signature=s&Expires=${S + 3599}`)).toEqual([
      'soon/soon',
    ])
  })
})

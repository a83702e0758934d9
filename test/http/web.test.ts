// GET / and /assets/*: the page, its styles and the compiled browser modules; nothing else from disk.
import { execFile } from 'node:child_process'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { PACKAGE_ROOT } from '../../src/services/package-files.js'
import { testApp } from '../helpers/app.js'
import { buildBrowserCode } from '../helpers/browser-code.js'

const app = testApp()
beforeAll(buildBrowserCode)

describe('the page and its assets', () => {
  it('serves the page with a policy that runs only its own scripts', async () => {
    const res = await app.request('/')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'")
    const html = await res.text()
    expect(html).toContain('<script type="module" src="/assets/web/page.js"></script>')
    expect(html).not.toMatch(/(src|href)="https?:/)
  })

  it.each([
    ['/assets/style.css', 'text/css; charset=utf-8'],
    ['/assets/web/page.js', 'text/javascript; charset=utf-8'],
    ['/assets/client/index.js', 'text/javascript; charset=utf-8'],
  ])('serves %s', async (path, type) => {
    const res = await app.request(path)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe(type)
  })

  it.each([
    '/assets/client/index.js.map',
    '/assets/pipeline/report.js',
    '/assets/__proto__/x.js',
    '/assets/client/..%2F..%2F..%2Fpackage.json',
    '/assets/web/missing.js',
  ])('answers %s with the JSON 404', async (path) => {
    const res = await app.request(path)
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } })
  })
})

describe('the browser client', () => {
  it('imports nothing but its own modules once compiled', async () => {
    for (const folder of ['client', 'web']) {
      const dir = join(PACKAGE_ROOT, 'dist', 'src', folder)
      for (const name of (await readdir(dir)).filter((n) => n.endsWith('.js'))) {
        const code = await readFile(join(dir, name), 'utf8')
        const specifiers = [...code.matchAll(/\bfrom\s+'([^']+)'|\bimport\s*\(\s*'([^']+)'/g)].map((m) => m[1] ?? m[2])
        expect(
          specifiers.filter((s) => !/^\.\.?\/(client\/)?[a-z-]+\.js$/.test(s!)),
          `${folder}/${name}`,
        ).toEqual([])
      }
    }
  })

  it('is exported as preflight/client', async () => {
    const script = "const c = await import('preflight/client'); console.log(Object.keys(c).sort().join(' '))"
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      cwd: PACKAGE_ROOT,
      timeout: 10_000,
    })
    expect(stdout.trim()).toBe('PreflightError checkFile checkUrl localCheck posterFrame')
  })
})

describe('CORS', () => {
  const cors = testApp({
    PREFLIGHT_CORS_ORIGINS: 'https://cms.example, https://shop.example',
    PREFLIGHT_API_KEYS: 'k1',
  })
  const preflightRequest = (origin: string) =>
    cors.request('/v1/preflight/file', {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
    })

  it('answers a listed origin before the key check', async () => {
    const res = await preflightRequest('https://shop.example')
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example')
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization')
  })

  it('gives no grant to other origins, nor without PREFLIGHT_CORS_ORIGINS', async () => {
    expect((await preflightRequest('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull()
    const res = await app.request('/healthz', { headers: { origin: 'https://shop.example' } })
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('allows any origin with *', async () => {
    const res = await testApp({ PREFLIGHT_CORS_ORIGINS: '*' }).request('/healthz', {
      headers: { origin: 'https://a.example' },
    })
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
  })
})

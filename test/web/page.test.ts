// The upload page in headless Chromium against the real service: a passing and a failing upload, a fix, an error, the docs.
import { createReadStream } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PACKAGE_ROOT } from '../../src/services/package-files.js'
import { testApp } from '../helpers/app.js'
import { launchBrowser, type Browser } from '../helpers/browser.js'
import { buildBrowserCode } from '../helpers/browser-code.js'
import { listen, type Listening } from '../helpers/listen.js'
import { samplePath } from '../helpers/samples.js'
import { startServer } from '../helpers/server.js'

const OUT = join(PACKAGE_ROOT, 'test-output')
let service: Listening
let browser: Browser
let page: Page
let docs: Page
let docsRendered: Promise<void>
const problems: string[] = []
const offsite: string[] = []

/** Notes a failed load or one from elsewhere, on any tab of the test. */
function watch(tab: Page): void {
  tab.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
  // The refusals the tests ask for (a bad URL, a missing key) are checked on the page; any other failed load is a problem.
  tab.on(
    'response',
    (r) =>
      r.status() >= 400 && !/\/v1\/(preflight|targets)$/.test(r.url()) && problems.push(`${r.status()} ${r.url()}`),
  )
  tab.on(
    'request',
    (r) => !r.url().startsWith('http://127.0.0.1:') && !r.url().startsWith('blob:') && offsite.push(r.url()),
  )
}

beforeAll(async () => {
  await buildBrowserCode()
  await mkdir(OUT, { recursive: true })
  service = await listen(testApp())
  browser = await launchBrowser()
  // Swagger UI costs seconds of the browser's CPU (a 1.4 MB bundle, then React renders the spec): the docs load
  // in a tab of their own from the start, beside the upload tests, and the docs test reads what they rendered.
  // Their tab opens first, so the upload page is the one in front (a hidden tab gets no animation frames).
  docs = await browser.context.newPage()
  watch(docs)
  docsRendered = docs.goto(`${service.base}/docs`).then(() => docs.locator('.swagger-ui .info .title').waitFor())
  docsRendered.catch(() => undefined) // the docs test reports a failure; until then it is not unhandled
  page = await browser.context.newPage()
  watch(page)
}, 90_000)

afterAll(async () => {
  await browser?.close()
  await service?.close()
})

async function check(files: string[], urls = ''): Promise<void> {
  await page.getByLabel('Or paste media URLs, one per line').fill(urls)
  await page.setInputFiles('#files', files.map(samplePath))
  await page.getByRole('button', { name: 'Check', exact: true }).click()
  await page.locator('#check:not([disabled])').waitFor()
}

describe('the upload page', () => {
  it('shows a pass, a fail with its fix, the facts and previews for two uploads', async () => {
    await page.goto(`${service.base}/`)
    await page.getByRole('checkbox', { name: /Instagram feed/ }).check()
    await check(['feed-ok-1080x1350.jpg', 'tall-1080x1920.jpg'])

    const cards = page.locator('article.result')
    await expect.poll(() => cards.count()).toBe(2)
    const [ok, tall] = [cards.nth(0), cards.nth(1)]
    expect(await ok.locator('h2').textContent()).toBe('feed-ok-1080x1350.jpg')
    expect(await ok.locator('[data-target="instagram.feed"]').getAttribute('data-verdict')).toBe('pass')
    expect(await ok.locator('.state').textContent()).toBe('Passes every target.')
    expect(await tall.locator('[data-target="instagram.feed"]').getAttribute('data-verdict')).toBe('fail')
    expect(await tall.locator('.state').textContent()).toBe('Will be rejected by Instagram feed.')
    expect(await tall.locator('.finding .rule').first().textContent()).toBe('image.aspect_ratio')
    expect(await tall.locator('.fix code').first().textContent()).toMatch(/1080x1350/)
    expect(await tall.locator('.meta').first().textContent()).toContain('platform error 2207009')

    expect(await tall.locator('dl.facts').first().textContent()).toContain('1080 × 1920')
    expect(await tall.locator('.preview img').getAttribute('alt')).toBe('Preview of tall-1080x1920.jpg')
    expect(await page.getByRole('status').textContent()).toMatch(/: (Passes|Will be rejected)/)

    await page.screenshot({ path: join(OUT, 'web-page.png'), fullPage: true })
  })

  it('labels every control and reaches the form by keyboard', async () => {
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLInputElement>('input, textarea, button')]
        .filter((c) => !(c.labels?.length || c.getAttribute('aria-label') || c.textContent?.trim()))
        .map((c) => c.outerHTML),
    )
    expect(unlabelled).toEqual([])
    await page.locator('body').focus()
    const reached: string[] = []
    for (let i = 0; i < 40 && !reached.includes('check'); i++) {
      await page.keyboard.press('Tab')
      reached.push(await page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName || ''))
    }
    expect(reached).toEqual(expect.arrayContaining(['files', 'urls', 'check']))
  })

  it('copies a fix with its button', async () => {
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: service.base })
    const button = page.getByRole('button', { name: 'Copy the fix for image.aspect_ratio' })
    await button.click()
    await expect.poll(() => button.textContent()).toBe('Copied')
    const copied = await page.evaluate(() => navigator.clipboard.readText())
    expect(copied).toBe(await page.locator('.finding .fix code').first().textContent())
  })

  it('checks a pasted URL and shows how it answered', async () => {
    await page.locator('#clear-files').click()
    const media = await startServer((_, res) => {
      res.writeHead(200, { 'content-type': 'image/jpeg' })
      createReadStream(samplePath('feed-ok-1080x1350.jpg')).pipe(res)
    })
    try {
      await page.getByLabel('Or paste media URLs, one per line').fill(media.url('/feed.jpg'))
      await page.getByRole('button', { name: 'Check', exact: true }).click()
      await page.locator('#check:not([disabled])').waitFor()
      const card = page.locator('article.result')
      // Served over plain http: accepted, with a warning.
      expect(await card.locator('[data-target="instagram.feed"]').getAttribute('data-verdict')).toBe('warn')
      expect(await card.locator('.finding .rule').allTextContents()).toEqual(['fetch.not_https'])
      expect(await card.locator('dl.facts').last().textContent()).toContain('HTTP status200')
      expect(await card.locator('.preview img').getAttribute('src')).toBe(media.url('/feed.jpg'))
    } finally {
      await media.close()
    }
  })

  it('shows the contract error of a refused request', async () => {
    await page.getByLabel('Or paste media URLs, one per line').fill('ftp://example.com/a.jpg')
    await page.getByRole('button', { name: 'Check', exact: true }).click()
    const alert = page.locator('article.result [role=alert]')
    await alert.waitFor()
    expect(await alert.textContent()).toContain('invalid_url · HTTP 400')
    await page.locator('article.result').screenshot({ path: join(OUT, 'web-page-error.png') })
  })

  it('gives the browser client a provisional local reading, upload progress, abort and typed errors', async () => {
    await page.setInputFiles('#files', [samplePath('tall-1080x1920.jpg')])
    // A string, not a function: the page imports the client as any embedding site would.
    const outcome = await page.evaluate(`(async () => {
      const { checkFile, checkUrl, localCheck, PreflightError } = await import('/assets/client/index.js')
      const file = document.getElementById('files').files[0]
      const fractions = []
      let provisional = null
      let seen
      const provisionalSeen = new Promise((resolve) => (seen = resolve))
      const report = await checkFile(file, ['instagram.feed'], {
        onProgress: (p) => fractions.push(p.fraction),
        onProvisional: (p) => seen((provisional = p)),
      })
      // The local reading is a hint that may land after the service's answer (a cached probe answers at once): wait for it, bounded.
      await Promise.race([provisionalSeen, new Promise((resolve) => setTimeout(resolve, 10000))])
      const controller = new AbortController()
      const pending = checkFile(file, ['instagram.feed'], { signal: controller.signal })
      controller.abort()
      const aborted = await pending.catch((e) => e.name)
      const refused = await checkUrl('https://example.com/a.jpg', ['nope']).catch((e) => ({
        isPreflightError: e instanceof PreflightError, status: e.status, code: e.code,
      }))
      return { local: await localCheck(file), provisional, lastFraction: fractions.at(-1), verdict: report.results[0].verdict, aborted, refused }
    })()`)
    expect(outcome).toEqual({
      local: {
        provisional: true,
        name: 'tall-1080x1920.jpg',
        sizeBytes: expect.any(Number),
        kind: 'image',
        type: 'image/jpeg',
        decodable: true,
        width: 1080,
        height: 1920,
        durationS: null,
      },
      provisional: expect.objectContaining({ provisional: true, width: 1080, height: 1920 }),
      lastFraction: 1,
      verdict: 'fail',
      aborted: 'AbortError',
      refused: { isPreflightError: true, status: 400, code: 'unknown_target' },
    })
  })

  it('reads on a phone-sized screen, with a video’s poster frame taken in the browser', async () => {
    await page.setViewportSize({ width: 390, height: 844 })
    await page.getByRole('checkbox', { name: /Instagram Reels/ }).check()
    await check(['video-vp9.webm'])
    const card = page.locator('article.result')
    const reels = card.locator('[data-target="instagram.reels"]')
    expect(await reels.getAttribute('data-verdict')).toBe('fail')
    expect(await reels.locator('.all-fixes code').textContent()).toMatch(
      /^ffmpeg -i video-vp9\.webm -c:v libx264 .* video-vp9\.fixed\.mp4$/,
    )
    expect(await card.locator('dl.facts').first().textContent()).toContain('vp9')
    await card.locator('.preview img[alt="Poster frame of video-vp9.webm"]').waitFor()
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    expect(width).toBeLessThanOrEqual(390)
    await page.screenshot({ path: join(OUT, 'web-page-phone.png'), fullPage: true })
  })

  it('groups the targets by network under friendly names, every target of /v1/targets in its group', async () => {
    await page.goto(`${service.base}/`)
    const served = (await (await fetch(`${service.base}/v1/targets`)).json()) as Record<string, { network: string }>
    const expected = new Map<string, string[]>()
    for (const [name, t] of Object.entries(served)) expected.set(t.network, [...(expected.get(t.network) ?? []), name])
    const shown = await page.evaluate(() =>
      [...document.querySelectorAll('#target-list [role=group]')].map((g) => ({
        network: document.getElementById(g.getAttribute('aria-labelledby') ?? '')?.textContent,
        names: [...g.querySelectorAll<HTMLInputElement>('input[name=target]')].map((i) => i.value),
      })),
    )
    expect(shown).toEqual([...expected].map(([network, names]) => ({ network, names })))
    expect(shown.map((g) => g.network)).toEqual(expect.arrayContaining(['Instagram', 'Facebook', 'TikTok']))
    const tiktok = page.getByRole('group', { name: 'TikTok' })
    expect(await tiktok.getByRole('checkbox').count()).toBe(2)
    await page.locator('fieldset.targets').screenshot({ path: join(OUT, 'web-targets.png') })
  })

  it('asks for the API key when the service needs one, then lists the targets', async () => {
    const locked = await listen(testApp({ PREFLIGHT_API_KEYS: 'key-1' }))
    try {
      await page.goto(`${locked.base}/`)
      expect(await page.locator('#target-list [role=alert]').textContent()).toContain('needs an API key')
      await page.locator('summary', { hasText: 'Options' }).click()
      await page.getByLabel('API key (if this service needs one)').fill('key-1')
      await page.keyboard.press('Tab') // `change` fires when the field is left
      await page.getByRole('checkbox', { name: /Threads/ }).waitFor()
    } finally {
      await locked.close()
    }
  })

  it('serves interactive docs that load without the internet', async () => {
    await docsRendered // 1280x900, the browser's viewport
    await expect.poll(() => docs.locator('.swagger-ui .info .title').textContent()).toContain('preflight')
    expect(await docs.locator('.opblock-summary-path').allTextContents()).toContain('/v1/preflight/file')
    await docs.screenshot({ path: join(OUT, 'docs.png') })
  })

  it('loaded nothing from elsewhere, and every load and script succeeded', () => {
    expect(offsite).toEqual([])
    expect(problems).toEqual([])
  })
})

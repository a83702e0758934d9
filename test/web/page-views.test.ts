// The page at phone and desktop widths in real Chromium: the crop overlay, a failing video, an unfetchable URL, dark mode,
// the favicon, and the audit HTML report light and dark. Screenshots go to test-output/ for a person to look at.
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { htmlReport } from '../../src/audit/report-html.js'
import { runAssets } from '../../src/audit/run.js'
import { summarize, type AssetSummary } from '../../src/audit/summary.js'
import { thumbnails } from '../../src/audit/thumbnails.js'
import { PACKAGE_ROOT } from '../../src/services/package-files.js'
import type { TargetName } from '../../platforms/targets.js'
import { testApp } from '../helpers/app.js'
import { launchBrowser, type Browser } from '../helpers/browser.js'
import { buildBrowserCode } from '../helpers/browser-code.js'
import { listen, type Listening } from '../helpers/listen.js'
import { testOptions } from '../helpers/options.js'
import { samplePath } from '../helpers/samples.js'
import { startServer } from '../helpers/server.js'

const OUT = join(PACKAGE_ROOT, 'test-output')
const WIDTHS = [390, 1280] as const
let service: Listening
let browser: Browser
const problems: string[] = []

beforeAll(async () => {
  await buildBrowserCode()
  await mkdir(OUT, { recursive: true })
  service = await listen(testApp())
  browser = await launchBrowser()
}, 90_000)

afterAll(async () => {
  await browser?.close()
  await service?.close()
})

async function open(width: number, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const page = await browser.context.newPage()
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
  page.on(
    'request',
    (r) => !/^(http:\/\/127\.0\.0\.1:|blob:|data:)/.test(r.url()) && problems.push(`offsite: ${r.url()}`),
  )
  await page.setViewportSize({ width, height: width < 600 ? 844 : 900 })
  await page.emulateMedia({ colorScheme })
  await page.goto(`${service.base}/`)
  return page
}

async function check(page: Page, targets: RegExp[], files: string[], urls = ''): Promise<void> {
  // The page remembers the last choice (the browser profile is shared): start from none.
  await page.locator('input[name=target]').first().waitFor()
  for (const box of await page.locator('input[name=target]').all()) await box.setChecked(false)
  for (const target of targets) await page.getByRole('checkbox', { name: target }).check()
  await page.getByLabel('Or paste media URLs, one per line').fill(urls)
  await page.setInputFiles('#files', files.map(samplePath))
  await page.getByRole('button', { name: 'Check', exact: true }).click()
  await page.locator('#check:not([disabled])').waitFor()
}

/** A frame's drawn box, in picture pixels measured on the screen against the drawn picture. */
async function drawnBoxes(page: Page, card: number): Promise<Record<string, number[]>> {
  return page
    .locator('article.result')
    .nth(card)
    .evaluate((article) => {
      const img = article.querySelector('.stage img')!.getBoundingClientRect()
      const [w] = (article.querySelector('.stage')!.getAttribute('data-size') ?? '').split('x').map(Number)
      const scale = w! / img.width
      return Object.fromEntries(
        [...article.querySelectorAll('.crop-overlay .frame')].map((f) => {
          const r = f.getBoundingClientRect()
          const box = [r.left - img.left, r.top - img.top, r.width, r.height].map((v) => Math.round(v * scale))
          return [f.getAttribute('data-targets')!, box]
        }),
      )
    })
}

const near = (actual: number[], expected: number[], tolerance: number) =>
  actual.every((v, i) => Math.abs(v - expected[i]!) <= tolerance)

describe.each(WIDTHS)('the upload page at %i px', (width) => {
  const phone = width < 600
  const tolerance = phone ? 12 : 6 // a drawn pixel is several picture pixels on a small preview

  it('draws the crop of each selected target over a passing image, and says it in words', async () => {
    const page = await open(width)
    try {
      await check(
        page,
        [/Instagram feed/, /Instagram Stories/, /Threads/],
        ['feed-ok-1080x1350.jpg', 'tall-1080x1920.jpg'],
      )
      const [ok, tall] = [page.locator('article.result').nth(0), page.locator('article.result').nth(1)]
      expect(await ok.locator('.state').textContent()).toBe('Passes every target.')
      // Frames only for what was chosen: the feed (and the grid it feeds), the Story; Threads shows the whole picture.
      expect(
        await ok.locator('.crop-overlay .frame').evaluateAll((fs) => fs.map((f) => f.getAttribute('data-targets'))),
      ).toEqual(['instagram.feed', 'instagram.stories', 'instagram.grid'])
      expect(await ok.locator('.crop-overlay').getAttribute('aria-hidden')).toBe('true')
      const boxes = await drawnBoxes(page, 0)
      expect(near(boxes['instagram.feed']!, [0, 0, 1080, 1350], tolerance), JSON.stringify(boxes)).toBe(true)
      expect(near(boxes['instagram.stories']!, [0, -285, 1080, 1920], tolerance), JSON.stringify(boxes)).toBe(true)
      expect(near(boxes['instagram.grid']!, [34, 0, 1012, 1350], tolerance), JSON.stringify(boxes)).toBe(true)
      expect(await ok.locator('.frame-label').allTextContents()).toEqual(['Feed', 'Stories', 'Profile grid'])
      expect(await ok.locator('.crop-text li').first().textContent()).toBe(
        'Instagram feed shows all of this 1080x1350 image (it is between 4:5 and 1.91:1).',
      )
      expect(await tall.locator('.crop-text li').first().textContent()).toBe(
        'Instagram feed shows the centre 4:5 (1080x1350) of this 1080x1920 image.',
      )
      const tallBoxes = await drawnBoxes(page, 1)
      expect(near(tallBoxes['instagram.feed']!, [0, 285, 1080, 1350], tolerance), JSON.stringify(tallBoxes)).toBe(true)
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width)
      await page.screenshot({ path: join(OUT, `web-${width}-crop.png`), fullPage: true })
    } finally {
      await page.close()
    }
  })

  it('brings the verdict into view, and shows a failing video’s findings once for every target they share', async () => {
    const page = await open(width)
    try {
      await check(page, [/Instagram Reels/, /Instagram Stories/, /Threads/], ['video-vp9.webm'])
      const card = page.locator('article.result')
      expect(await card.locator('.state').textContent()).toMatch(
        /^Will be rejected by Instagram Reels, Instagram Stories, Threads\.$/,
      )
      const state = await card.locator('.state').boundingBox()
      expect(state).not.toBeNull()
      expect(state!.y).toBeGreaterThanOrEqual(0)
      expect(state!.y + state!.height).toBeLessThanOrEqual(phone ? 844 : 900)
      if (phone) await page.screenshot({ path: join(OUT, `web-${width}-video-fail-viewport.png`) })
      // The codec error says the same on all three: listed once, with their names and platform errors, not again under each.
      const shared = card.locator('.target.shared .finding[data-rule="video.codec"]')
      expect(await shared.count()).toBe(1)
      expect(await shared.getAttribute('data-targets')).toBe('instagram.reels instagram.stories threads')
      expect(await shared.locator('.on-targets').textContent()).toBe(
        'On Instagram Reels, Instagram Stories and Threads',
      )
      expect(await shared.locator('.message').textContent()).toBe(
        'Error: The video codec is vp9; Instagram Reels, Instagram Stories and Threads takes h264 or hevc.',
      )
      expect(await shared.locator('.meta').first().textContent()).toContain(
        'platform errors: 2207026 on Instagram Reels and Instagram Stories; video codec on Threads',
      )
      expect(await card.locator('.target[data-target] .finding[data-rule="video.codec"]').count()).toBe(0)
      // Nine findings (three rules on three targets) read as three.
      expect(
        await card.locator('.finding').evaluateAll((fs) => fs.map((f) => f.getAttribute('data-rule')).sort()),
      ).toEqual(['audio.codec', 'video.codec', 'video.container'])
      expect(await card.locator('[data-target="instagram.reels"] .also').textContent()).toMatch(
        /shared with other targets/,
      )
      // The one ffmpeg command all three share is printed once, with their names.
      expect(await card.locator('.target[data-target] .all-fixes').count()).toBe(0)
      const command = card.locator('.target.shared .all-fixes')
      expect(await command.count()).toBe(1)
      expect(await command.locator('strong').textContent()).toBe(
        'One command for all the video fixes on Instagram Reels, Instagram Stories and Threads',
      )
      expect(await command.locator('code').textContent()).toMatch(
        /^ffmpeg -i video-vp9\.webm .* video-vp9\.fixed\.mp4$/,
      )
      // The poster frame gets the Reels centre 9:16 with its UI zones, the Story frame, the grid's 3:4.
      await card.locator('.stage img[alt="Poster frame of video-vp9.webm"]').waitFor()
      expect(
        await card
          .locator('.crop-overlay .frame')
          .evaluateAll((fs) => fs.map((f) => [f.getAttribute('data-targets'), f.getAttribute('data-box')])),
      ).toEqual([
        ['instagram.reels', '0 0 144 256'],
        ['instagram.stories', '0 0 144 256'],
        ['instagram.grid', '0 32 144 192'],
      ])
      expect(await card.locator('[data-targets="instagram.reels"] .zone').count()).toBe(2)
      await page.screenshot({ path: join(OUT, `web-${width}-video-fail.png`), fullPage: true })
    } finally {
      await page.close()
    }
  })

  it('says to check the URL when it cannot be fetched, once for all targets', async () => {
    const media = await startServer((_, res) => {
      res.writeHead(404, { 'content-type': 'text/html' })
      res.end('<h1>Not found</h1>')
    })
    const page = await open(width)
    try {
      await check(page, [/Instagram feed/, /Threads/], [], media.url('/gone.jpg'))
      const card = page.locator('article.result')
      expect(await card.locator('[data-target="instagram.feed"]').getAttribute('data-verdict')).toBe('fail')
      const status = card.locator('.finding[data-rule="fetch.status"]')
      expect(await status.count()).toBe(1)
      expect(await status.getAttribute('data-targets')).toBe('instagram.feed threads')
      expect(await status.first().textContent()).toMatch(/HTTP 404/)
      expect(await status.first().locator('.meta').textContent()).toContain('check the URL')
      await page.screenshot({ path: join(OUT, `web-${width}-url-unfetchable.png`), fullPage: true })
    } finally {
      await page.close()
      await media.close()
    }
  })

  it('follows dark mode, and serves its favicon', async () => {
    const light = await open(width, 'light')
    const dark = await open(width, 'dark')
    try {
      const background = (p: Page) => p.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)
      expect(await background(light)).toBe('rgb(246, 247, 249)')
      expect(await background(dark)).toBe('rgb(18, 20, 23)')
      await check(dark, [/Instagram feed/, /Instagram Stories/], ['tall-1080x1920.jpg'])
      const card = dark.locator('article.result')
      expect(await card.evaluate((c) => getComputedStyle(c).backgroundColor)).toBe('rgb(28, 31, 36)')
      await dark.screenshot({ path: join(OUT, `web-${width}-dark.png`), fullPage: true })

      const href = await light.locator('link[rel=icon]').getAttribute('href')
      const icon = await light.request.get(`${service.base}${href}`)
      expect(icon.status()).toBe(200)
      expect(icon.headers()['content-type']).toBe('image/svg+xml')
      expect(await icon.text()).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/)
    } finally {
      await light.close()
      await dark.close()
    }
  })
})

describe('the audit HTML report', () => {
  let html = ''

  beforeAll(async () => {
    const names = [
      'feed-ok-1080x1350.jpg',
      'tall-1080x1920.jpg',
      'wide-2000x1000.jpg',
      'video-vp9.webm',
      'not-an-image.jpg',
    ]
    const assets = names.map((name) => ({ name: `photos/${name}`, input: { path: samplePath(name) } }))
    const targets: TargetName[] = ['instagram.feed', 'instagram.reels', 'threads']
    const summaries: AssetSummary[] = []
    await runAssets(assets, {
      targets,
      concurrency: 2,
      preflight: testOptions(),
      signal: AbortSignal.timeout(60_000),
      onOutcome: (outcome) => summaries.push(summarize(outcome, targets)),
    })
    summaries.sort((a, b) => a.asset.localeCompare(b.asset))
    html = htmlReport({
      summaries,
      targets,
      thumbnails: await thumbnails(
        [
          ...assets.slice(0, 3).map((a) => ({ ...a, kind: 'image' as const })),
          { ...assets[3]!, kind: 'video' as const },
        ],
        2,
      ),
      generatedAt: new Date(),
    })
  }, 90_000)

  it.each(WIDTHS.flatMap((w) => (['light', 'dark'] as const).map((scheme) => [w, scheme] as const)))(
    'fits %i px in %s mode',
    async (width, scheme) => {
      const page = await browser.context.newPage()
      try {
        await page.setViewportSize({ width, height: 900 })
        await page.emulateMedia({ colorScheme: scheme })
        await page.setContent(html)
        const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
        const [r, g, b] = background.match(/\d+/g)!.map(Number)
        // Light mode is light, dark mode is dark.
        if (scheme === 'dark') expect(r! + g! + b!).toBeLessThan(200)
        else expect(r! + g! + b!).toBeGreaterThan(600)
        expect(await page.locator('table#assets tbody tr').count()).toBe(5)
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width)
        // No cell's text runs out of its cell into the next (the phone layout stacks the cells of a row).
        const spilling = await page
          .locator('table#assets td')
          .evaluateAll((cells) =>
            cells.filter((c) => c.scrollWidth > c.clientWidth + 1).map((c) => `${c.className}: ${c.textContent}`),
          )
        expect(spilling).toEqual([])
        await page.screenshot({ path: join(OUT, `audit-report-${width}-${scheme}.png`), fullPage: true })
      } finally {
        await page.close()
      }
    },
  )
})

describe('the pages', () => {
  it('loaded nothing from elsewhere, and every script ran', () => {
    expect(problems).toEqual([])
  })
})

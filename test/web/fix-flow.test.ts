// The page's fix flow in headless Chromium against the real service: a failing check offers a fixed copy, shows the
// job's progress, the verdicts before → after, the fixed copy beside the original with its frame, and the download.
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.js'
import { createService, type Service } from '../../src/http/app.js'
import { createLogger } from '../../src/services/logger.js'
import { PACKAGE_ROOT } from '../../src/services/package-files.js'
import { launchBrowser, type Browser } from '../helpers/browser.js'
import { buildBrowserCode } from '../helpers/browser-code.js'
import { listen, type Listening } from '../helpers/listen.js'
import { samplePath } from '../helpers/samples.js'

const OUT = join(PACKAGE_ROOT, 'test-output')
let jobDir: string
let service: Service
let server: Listening
let browser: Browser
const problems: string[] = []

beforeAll(async () => {
  await buildBrowserCode()
  await mkdir(OUT, { recursive: true })
  jobDir = await mkdtemp(join(tmpdir(), 'preflight-fix-page-'))
  const config = loadConfig({
    ...process.env,
    PREFLIGHT_RATE_LIMIT: '0',
    PREFLIGHT_JOB_DIR: jobDir,
    PREFLIGHT_FIX_X264_PRESET: 'ultrafast',
  })
  service = createService(config, { logger: createLogger('silent') })
  server = await listen(service.app)
  browser = await launchBrowser()
}, 90_000)

afterAll(async () => {
  await browser?.close()
  await server?.close()
  await service?.jobs.close(1000)
  await rm(jobDir, { recursive: true, force: true })
})

async function open(width: number, height: number): Promise<Page> {
  const page = await browser.context.newPage()
  await page.setViewportSize({ width, height })
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
  page.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`))
  await page.goto(`${server.base}/`)
  return page
}

async function checkAndFix(page: Page, target: RegExp, sample: string, strategy: RegExp): Promise<void> {
  await page.getByRole('checkbox', { name: target }).check()
  await page.setInputFiles('#files', [samplePath(sample)])
  await page.getByRole('button', { name: 'Check', exact: true }).click()
  const card = page.locator('article.result.not-ok')
  await card.waitFor()
  await card.getByRole('radio', { name: strategy }).check()
  await card.getByRole('button', { name: 'Make a fixed copy' }).click()
  await card.locator('.fix-verdicts').waitFor({ timeout: 60_000 })
}

describe('the fix flow on the page', () => {
  it('on a desktop: a cropped photo, the kept frame drawn on the original, fail → pass, the download', async () => {
    const page = await open(1280, 900)
    await checkAndFix(page, /Instagram feed/, 'phone-portrait-exif6.jpg', /Fill the frame/)
    const row = page.locator('.fix-verdicts li[data-target="instagram.feed"]')
    expect([await row.getAttribute('data-before'), await row.getAttribute('data-after')]).toEqual(['fail', 'pass'])
    expect(await page.locator('section.fix-panel .fix-state').last().textContent()).toBe('The fixed copy passes.')
    // The original with the kept part outlined, and the fixed copy: a 4:5 JPEG from the job's outputs.
    expect(await page.locator('.fix-compare .stage .frame').count()).toBe(1)
    const fixed = page.getByRole('img', { name: 'The fixed copy' })
    await expect
      .poll(() => fixed.evaluate((img: HTMLImageElement) => img.naturalWidth * 5 - img.naturalHeight * 4))
      .toBe(0)
    const download = page.getByRole('link', { name: /Download the fixed copy/ })
    expect(await download.getAttribute('href')).toMatch(/^\/v1\/jobs\/[\w-]+\/outputs\/0$/)
    const [file] = await Promise.all([page.waitForEvent('download'), download.click()])
    expect(file.suggestedFilename()).toBe('phone-portrait-exif6.fixed.jpg')
    await page.screenshot({ path: join(OUT, 'web-fix-desktop.png'), fullPage: true })
    expect(problems).toEqual([])
    await page.close()
  }, 120_000)

  it('on a phone: a video re-encoded to a passing frame rate, shown as a video with its download', async () => {
    const page = await open(390, 844)
    await checkAndFix(page, /Instagram Reels/, 'video-10fps.mp4', /Fit it in/)
    const row = page.locator('.fix-verdicts li[data-target="instagram.reels"]')
    expect([await row.getAttribute('data-before'), await row.getAttribute('data-after')]).toEqual(['fail', 'pass'])
    expect(await page.locator('.fix-compare video').getAttribute('src')).toMatch(/\/outputs\/0$/)
    expect(await page.locator('section.fix-panel details summary').textContent()).toBe('What was run')
    expect(await page.locator('section.fix-panel pre code').first().textContent()).toMatch(/^ffmpeg .*fps=30/)
    // The panel fits the phone's width: nothing scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await page.locator('section.fix-panel').scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(OUT, 'web-fix-phone.png'), fullPage: true })
    expect(problems).toEqual([])
    await page.close()
  }, 120_000)
})

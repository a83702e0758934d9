// CLI conventions a new user expects: --version, per-command --help, one-line errors with a hint,
// NO_COLOR / FORCE_COLOR, - for standard input, a folder to check pointing at audit, a typo's nearest target.
import { spawn } from 'node:child_process'
import { createReadStream } from 'node:fs'
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { nearestName } from '../../src/nearest-name.js'
import { TARGET_NAMES } from '../../platforms/targets.js'
import { buildCli, CLI, finished, runCli } from '../helpers/cli.js'
import { samplePath, SAMPLES } from '../helpers/samples.js'

let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preflight-cli-conventions-'))
  await buildCli()
}, 180_000)

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

// Colour is decided by the environment alone here: the child's stdout is a pipe, not a terminal.
// The test runner's own FORCE_COLOR must not leak into the child.
const { NO_COLOR: _n, FORCE_COLOR: _f, ...quietEnv } = process.env
const ESC = '\x1b['

function runWith(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...quietEnv, PREFLIGHT_ALLOW_PRIVATE_NETWORKS: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  return finished(child)
}

describe('version and help', () => {
  it('prints the package version with --version, exit 0', async () => {
    const { version } = JSON.parse(await readFile(join(SAMPLES, '..', 'package.json'), 'utf8')) as { version: string }
    const run = await runCli(['--version'])
    expect(run.code).toBe(0)
    expect(run.stdout.trim()).toBe(version)
  })

  it.each(['check', 'audit'])('prints the usage of %s with --help after the command, exit 0', async (command) => {
    const run = await runCli([command, '--targets', 'threads', '--help'])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(`Usage: preflight ${command}`)
    expect(run.stderr).toBe('')
  })

  it('answers a usage error with one line and a hint, not the whole usage, exit 2', async () => {
    const run = await runCli(['check', samplePath('feed-ok-1080x1350.jpg')])
    expect(run.code).toBe(2)
    expect(run.stderr.trim().split('\n')).toEqual([
      'preflight: --targets is required.',
      "Try 'preflight check --help'.",
    ])
  })
})

describe('targets and inputs', () => {
  it('suggests the nearest target name for a typo', async () => {
    const run = await runCli(['check', samplePath('feed-ok-1080x1350.jpg'), '--targets', 'instagram.reel'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('did you mean "instagram.reels"?')
    expect(nearestName('carousel', TARGET_NAMES)).toBe('instagram.carousel')
    expect(nearestName('reels', TARGET_NAMES)).toBeNull() // Instagram's and Facebook's: no guess between networks
    expect(nearestName('mastadon', TARGET_NAMES)).toBe('mastodon')
    expect(nearestName('thread', TARGET_NAMES)).toBe('threads')
    expect(nearestName('youtube', TARGET_NAMES)).toBeNull()
  })

  it('points a folder given to check at audit', async () => {
    const folder = join(dir, 'photos')
    await mkdir(folder, { recursive: true })
    const run = await runCli(['check', folder, '--targets', 'threads'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('is a folder: to check every file in it, use preflight audit')
  })

  it('exits 2 on a bad environment variable and on an --resume file that is no report (by error class)', async () => {
    const config = await runCli(['check', samplePath('feed-ok-1080x1350.jpg'), '--targets', 'threads'], {
      env: { PREFLIGHT_MAX_ITEMS: 'many' },
    })
    expect(config.code).toBe(2)
    expect(config.stderr).toMatch(/^preflight: Invalid configuration:\n\s+PREFLIGHT_MAX_ITEMS: /)
    const folder = join(dir, 'resume-from')
    await mkdir(folder, { recursive: true })
    await copyFile(samplePath('feed-ok-1080x1350.jpg'), join(folder, 'a.jpg'))
    const notReport = join(dir, 'not-a-report.json')
    await writeFile(notReport, '{"hello": "world"}')
    const resume = await runCli(['audit', folder, '--targets', 'threads', '--out', notReport, '--resume'])
    expect(resume.code).toBe(2)
    expect(resume.stderr).toContain(`--resume: ${notReport} is not a preflight audit report.`)
  })

  it('reads the media from standard input with -, and leaves no scratch file behind', async () => {
    const scratch = await mkdtemp(join(dir, 'tmp-'))
    const child = spawn(process.execPath, [CLI, 'check', '-', '--targets', 'instagram.feed', '--json'], {
      env: { ...quietEnv, TMPDIR: scratch },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    createReadStream(samplePath('tall-1080x1920.jpg')).pipe(child.stdin!)
    const run = await finished(child)
    expect(run.code).toBe(1) // 9:16 is outside the feed's 4:5..1.91:1
    const report = JSON.parse(run.stdout)
    expect(report.items[0].media).toMatchObject({ mime: 'image/jpeg', width: 1080, height: 1920 })
    expect(report.results[0].findings.map((f: { rule: string }) => f.rule)).toContain('image.aspect_ratio')
    expect(await readdir(scratch)).toEqual([])
  })
})

describe('colour', () => {
  const args = () => ['check', samplePath('tall-1080x1920.jpg'), '--targets', 'instagram.feed']

  it('is off when the output is not a terminal', async () => {
    const run = await runWith(args())
    expect(run.stdout).toContain('FAIL')
    expect(run.stdout).not.toContain(ESC)
  })

  it('is on with FORCE_COLOR, and NO_COLOR wins over it', async () => {
    expect((await runWith(args(), { FORCE_COLOR: '1' })).stdout).toContain(`${ESC}31m`)
    expect((await runWith(args(), { FORCE_COLOR: '0' })).stdout).not.toContain(ESC)
    expect((await runWith(args(), { NO_COLOR: '1', FORCE_COLOR: '1' })).stdout).not.toContain(ESC)
  })
})

describe('audit wording', () => {
  it('counts "1 asset", not "1 assets"', async () => {
    const folder = join(dir, 'one')
    await mkdir(folder, { recursive: true })
    await copyFile(samplePath('feed-ok-1080x1350.jpg'), join(folder, 'a.jpg'))
    const run = await runCli(['audit', folder, '--targets', 'instagram.feed', '--out', join(dir, 'one.json')])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^1 asset \(1 checked/)
  })
})

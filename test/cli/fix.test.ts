// `preflight fix` as a user runs it: fixed files in --out, each target's verdict before and after, exit codes.
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildCli, runCli } from '../helpers/cli.js'
import { samplePath } from '../helpers/samples.js'

let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preflight-cli-fix-'))
  await buildCli()
}, 180_000)

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const env = { PREFLIGHT_FIX_X264_PRESET: 'ultrafast', NO_COLOR: '1' }

describe('preflight fix', () => {
  it('writes a fixed image and prints fail → pass; exit 0', async () => {
    const out = join(dir, 'images')
    const run = await runCli(
      [
        'fix',
        samplePath('phone-portrait-exif6.jpg'),
        '--targets',
        'instagram.feed,threads',
        '--out',
        out,
        '--strategy',
        'crop',
      ],
      { env },
    )
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/instagram\.feed\s+FAIL → PASS/)
    expect(run.stdout).toMatch(/threads\s+PASS → PASS/)
    expect(run.stdout).toContain("position: 'attention'")
    expect(await readdir(out)).toEqual(['phone-portrait-exif6.fixed.jpg'])
  })

  it('exit 1 when a target still fails, saying why (a long video without --allow-trim); --json gives the result', async () => {
    const out = join(dir, 'long')
    const run = await runCli(
      ['fix', samplePath('video-long-61s.mp4'), '--targets', 'instagram.stories', '--out', out, '--json'],
      {
        env,
      },
    )
    expect(run.code).toBe(1)
    const result = JSON.parse(run.stdout) as {
      after: { ok: boolean }
      remaining: { reason: string }[]
      outputs: { path: string }[]
    }
    expect(result.after.ok).toBe(false)
    expect(result.remaining.map((r) => r.reason)).toEqual(['trim_not_allowed'])
    expect(result.outputs.every((o) => o.path.startsWith(out))).toBe(true)
  })

  it("a file that already passes is copied into --out, never linked to the caller's own file", async () => {
    const out = join(dir, 'unchanged')
    const input = samplePath('animated-320x400.gif')
    const run = await runCli(['fix', input, '--targets', 'x', '--out', out], { env })
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/x\s+PASS → PASS/)
    const [original, copy] = await Promise.all([stat(input), stat(join(out, 'animated-320x400.fixed.gif'))])
    expect(copy.size).toBe(original.size)
    expect(copy.ino).not.toBe(original.ino)
    expect(copy.nlink).toBe(1)
  })

  it('exit 2 on usage errors, with a hint', async () => {
    const noOut = await runCli(['fix', samplePath('small-200x250.jpg'), '--targets', 'threads'], { env })
    expect(noOut.code).toBe(2)
    expect(noOut.stderr).toMatch(/--out DIR is required[\s\S]*preflight fix --help/)
    const badStrategy = await runCli(
      ['fix', samplePath('small-200x250.jpg'), '--targets', 'threads', '--out', dir, '--strategy', 'zoom'],
      {
        env,
      },
    )
    expect(badStrategy.code).toBe(2)
  })

  it('prints its own usage with --help, exit 0', async () => {
    const run = await runCli(['fix', '--help'])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^Usage: preflight fix /)
    expect(run.stdout).toContain('--allow-trim')
  })
})

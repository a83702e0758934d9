// Fixes a person can follow: commands that name the real file (safely quoted), a composed command once per
// item with the targets it serves and what a trim cuts, and a network failure in plain words with its detail.
import { createServer } from 'node:net'
import { describe, expect, it } from 'vitest'
import { check } from '../../src/cli/check.js'
import { loadConfig } from '../../src/config.js'
import { commandIn, fileNames, namedCommand, namedFix, urlFileName } from '../../src/messages/commands.js'
import { preflight } from '../../src/pipeline/preflight.js'
import { testOptions } from '../helpers/options.js'
import { samplePath } from '../helpers/samples.js'
import { mediaUrl } from '../../src/request/parse.js'

describe('commands that name the real file', () => {
  it('puts the input and its fixed copy where the placeholders were', () => {
    const names = fileNames('clip.webm')
    expect(namedCommand('ffmpeg -i in.webm -c:v libx264 out.mp4', names)).toBe(
      'ffmpeg -i clip.webm -c:v libx264 clip.fixed.mp4',
    )
    expect(namedCommand('magick in -auto-orient -quality 90 out.jpg', fileNames('photos/IMG 1.HEIC'))).toBe(
      "magick 'photos/IMG 1.HEIC' -auto-orient -quality 90 'photos/IMG 1.fixed.jpg'",
    )
    expect(namedCommand('ffmpeg -i in.mp4 out.mp4', fileNames(null))).toBe('ffmpeg -i media media.fixed.mp4')
  })

  it('quotes a hostile name so the shell runs nothing from it', () => {
    const command = namedCommand('ffmpeg -i in.mp4 -c copy out.mp4', fileNames("$(rm -rf ~)'; echo pwned.mp4"))
    expect(command).toBe(
      `ffmpeg -i '$(rm -rf ~)'\\''; echo pwned.mp4' -c copy '$(rm -rf ~)'\\''; echo pwned.fixed.mp4'`,
    )
  })

  it('finds the command inside a fix and leaves prose alone', () => {
    expect(commandIn('Trim it to 299 s, cutting the last 2.0 s: ffmpeg -i in.mp4 -t 299 -c copy out.mp4')).toBe(
      'ffmpeg -i in.mp4 -t 299 -c copy out.mp4',
    )
    expect(commandIn('Supply the image at least 1080 px wide.')).toBeNull()
    expect(namedFix('Make the object public and link the media file itself.', fileNames('a.jpg'))).toEqual({
      fix: 'Make the object public and link the media file itself.',
    })
    expect(urlFileName(new URL('https://cdn.example/a/My%20Clip.mov?sig=x'))).toBe('My Clip.mov')
    expect(urlFileName(new URL('https://cdn.example/'))).toBeNull()
  })

  it('names the file in every image fix of a real report, as a command and not a code snippet', async () => {
    const report = await preflight(
      { media: [{ path: samplePath('tall-1080x1920.jpg'), name: 'tall.jpg' }], targets: ['instagram.feed'] },
      testOptions(),
    )
    const [finding] = report.results[0]!.findings
    expect(finding!.command).toBe(
      'magick tall.jpg -auto-orient -gravity center -crop 1080x1350+0+0 +repage tall.fixed.jpg',
    )
    expect(finding!.fix).toBe(`Crop to 1080x1350 around the centre (or pad to fit instead): ${finding!.command}`)
    expect(JSON.stringify(report)).not.toContain('sharp(')
  })
})

describe('the composed video command', () => {
  it('says how much a trim cuts', async () => {
    const report = await preflight(
      { media: [{ path: samplePath('video-long-301s.mp4') }], targets: ['threads'] },
      testOptions(),
    )
    const [fix] = report.results[0]!.fixes
    expect(fix!.command).toMatch(/ -t 299 .*\/video-long-301s\.fixed\.mp4$/)
    expect(fix!.cutsS).toBeCloseTo(2, 0)
  })

  it('is printed once per item by the CLI, with every target it serves', async () => {
    let text = ''
    const out = { isTTY: false, write: (chunk: string) => ((text += chunk), true) } as unknown as NodeJS.WriteStream
    const file = samplePath('video-vp9.webm')
    await check(
      [file, '--targets', 'instagram.reels,instagram.stories'],
      loadConfig({ ...process.env, NO_COLOR: '1' }),
      out,
    )
    const fixLines = text.split('\n').filter((l) => l.trim().startsWith('fix [0]: '))
    expect(fixLines).toHaveLength(1)
    expect(fixLines[0]).toContain(`ffmpeg -i ${file} `)
    expect(text).toContain('for instagram.reels, instagram.stories')
    expect(text).toContain('fixed by fix [0] below')
  })
})

describe('a network failure in plain words', () => {
  it('says the server refused the connection, with the system error as a detail line', async () => {
    // A port that was just free: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number }
        probe.close(() => resolve(free))
      })
    })
    const report = await preflight(
      { media: [mediaUrl(`http://127.0.0.1:${port}/photo.jpg`)], targets: ['instagram.feed'] },
      testOptions(),
    )
    const finding = report.results[0]!.findings.find((f) => f.rule === 'fetch.unreachable')!
    expect(finding.message).toMatch(/^The server refused the connection \(nothing listens on that port\); /)
    expect(finding.message).not.toContain('ECONNREFUSED')
    expect(finding.detail).toMatch(/^ECONNREFUSED: /)
    expect(finding.fix).toMatch(/^Check the URL/)
  })
})

// A video through POST /v1/preflight/file: facts of the contract's shape, labelled findings and the composed fix.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { testApp } from '../helpers/app.js'
import { samplePath } from '../helpers/samples.js'

const app = testApp()

function upload(name: string, targets: string) {
  const form = new FormData()
  form.append('file', new Blob([readFileSync(samplePath(name))]), name)
  form.append('targets', targets)
  return { method: 'POST', body: form }
}

describe('a WebM uploaded for Reels and Mastodon', () => {
  it('fails Reels, warns on Mastodon, and gives each one command for the item', async () => {
    const res = await app.request('/v1/preflight/file', upload('video-vp9.webm', 'instagram.reels,mastodon'))
    expect(res.status).toBe(200)
    const report = await res.json()
    expect(report.items[0].media).toMatchObject({
      kind: 'video',
      mime: 'video/webm',
      container: 'webm',
      width: 144,
      height: 256,
      video: { codec: 'vp9', pixFmt: 'yuv420p', fps: 30, interlaced: false },
      audio: { codec: 'opus', sampleRate: 48000, channels: 2 },
      moovAtFront: null,
    })
    const [reels, mastodon] = report.results
    expect([reels.verdict, mastodon.verdict]).toEqual(['fail', 'warn'])
    expect(reels.fixes).toEqual([
      { item: 0, command: expect.stringMatching(/^ffmpeg -i video-vp9\.webm -c:v libx264 .* video-vp9\.fixed\.mp4$/) },
    ])
    for (const finding of reels.findings)
      expect(finding).toMatchObject({
        item: 0,
        platformError: '2207026',
        action: 'fix_input',
        fix: reels.fixes[0].command,
      })
    expect(mastodon.findings).toMatchObject([
      { rule: 'video.codec', severity: 'warning', platformError: null, fix: mastodon.fixes[0].command },
    ])
  })
})

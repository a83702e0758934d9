// /readyz says whether fixing can run: the bundled ffmpeg has libx264 and aac; a missing one makes fixing unavailable, not the service.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createApp } from '../../src/http/app.js'
import { loadConfig } from '../../src/config.js'
import { fixingReadiness } from '../../src/services/ffmpeg.js'

describe('readiness of fixing', () => {
  it('finds libx264 and aac in the bundled ffmpeg', async () => {
    const ready = await fixingReadiness({ ffmpegPath: loadConfig().FFMPEG_PATH }, 10_000)
    expect(ready).toMatchObject({ available: true, missing: [] })
    expect(ready.ffmpeg).toMatch(/^ffmpeg version/)
  })

  it('reports fixing unavailable, and the service still ready, when FFMPEG_PATH does not run', async () => {
    const app = createApp(
      loadConfig({ ...process.env, FFMPEG_PATH: '/nonexistent/ffmpeg', PREFLIGHT_LOG_LEVEL: 'silent' }),
    )
    const res = await app.request('/readyz')
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({
      status: 'ready',
      fixing: { available: false, ffmpeg: null, missing: ['ffmpeg does not run'] },
    })
  })

  it('reports fixing unavailable when ffmpeg lacks an encoder the outputs need', async () => {
    // An ffmpeg built without libx264 (as some distributions ship it): a script that answers as one would.
    const dir = await mkdtemp(join(tmpdir(), 'preflight-ffmpeg-'))
    const fake = join(dir, 'ffmpeg')
    await writeFile(fake, '#!/bin/sh\necho "ffmpeg version 6.0-nox264"\necho " A..... aac                  AAC"\n', {
      mode: 0o755,
    })
    try {
      const ready = await fixingReadiness({ ffmpegPath: fake }, 10_000)
      expect(ready).toEqual({ available: false, ffmpeg: 'ffmpeg version 6.0-nox264', missing: ['encoder libx264'] })
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

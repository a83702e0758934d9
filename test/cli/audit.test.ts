// `preflight audit` as a child process: folders, URL lists, the three formats, --resume, Ctrl-C, exit codes.
import { createReadStream } from 'node:fs'
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TARGET_NAMES, targets } from '../../platforms/targets.js'
import { buildCli, finished, runCli, startCli } from '../helpers/cli.js'
import { readCsv } from '../helpers/csv.js'
import { samplePath } from '../helpers/samples.js'
import { startServer, type TestServer } from '../helpers/server.js'

let dir: string
let server: TestServer
const stalled: (() => void)[] = []

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preflight-audit-test-'))
  server = await startServer((req, res) => {
    if (req.url === '/stall.jpg') {
      // Headers, then nothing until the test lets go: an asset still in flight when Ctrl-C comes.
      res.writeHead(200, { 'content-type': 'image/jpeg' })
      res.write(Buffer.from([0xff, 0xd8]))
      stalled.push(() => res.end())
      return
    }
    const name = req.url?.slice(1) ?? ''
    if (['feed-ok-1080x1350.jpg', 'tall-1080x1920.jpg', 'clip-360x640.mp4'].includes(name)) {
      res.writeHead(200, { 'content-type': name.endsWith('.mp4') ? 'video/mp4' : 'image/jpeg' })
      createReadStream(samplePath(name)).pipe(res)
    } else res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>')
  })
  await buildCli()
}, 180_000)

afterAll(async () => {
  for (const release of stalled) release()
  await server.close()
  await rm(dir, { recursive: true, force: true })
})

/** A folder of samples: one passing, one failing the feed, a text file named .jpg, a WebP named .txt, a symlink loop. */
async function sampleFolder(name: string): Promise<string> {
  const root = join(dir, name)
  await mkdir(join(root, 'nested', 'deeper'), { recursive: true })
  await copyFile(samplePath('feed-ok-1080x1350.jpg'), join(root, 'feed-ok.jpg'))
  await copyFile(samplePath('tall-1080x1920.jpg'), join(root, 'nested', 'tall.jpg'))
  await copyFile(samplePath('not-an-image.jpg'), join(root, 'nested', 'notes.jpg'))
  await copyFile(samplePath('still-800x1000.webp'), join(root, 'nested', 'deeper', 'picture "1" <b>.txt'))
  await symlink('../..', join(root, 'nested', 'deeper', 'loop'))
  return root
}

interface JsonAudit {
  tool: string
  totals: { assets: number; failing: number }
  assets: {
    asset: string
    ok: boolean
    report?: {
      items: { cache: string; media: { kind: string } | null }[]
      results: { target: string; verdict: string }[]
    }
    error?: { code: string }
  }[]
}

const readJson = async (path: string) => JSON.parse(await readFile(path, 'utf8')) as JsonAudit

describe('preflight audit over a folder', () => {
  it('checks every file that sniffs as media, whatever its name, once, and writes the three formats', async () => {
    const root = await sampleFolder('folder')
    const out = join(dir, 'folder-report')
    const run = await runCli([
      'audit',
      root,
      '--targets',
      'instagram.feed,threads',
      '--out',
      `${out}.json`,
      '--out',
      `${out}.csv`,
      '--out',
      `${out}.html`,
    ])
    expect(run.code).toBe(1) // the 9:16 JPEG fails the feed
    const names = ['feed-ok.jpg', 'nested/deeper/picture "1" <b>.txt', 'nested/tall.jpg']

    const json = await readJson(`${out}.json`)
    expect(json.assets.map((a) => a.asset).sort()).toEqual(names)
    const tall = json.assets.find((a) => a.asset === 'nested/tall.jpg')!
    expect(tall.ok).toBe(false)
    expect(tall.report!.results.map((r) => [r.target, r.verdict])).toEqual([
      ['instagram.feed', 'fail'],
      ['threads', 'pass'],
    ])
    expect(json.totals).toMatchObject({ assets: 3, failing: 2 }) // the WebP fails the feed's format rule too

    const [header, ...rows] = readCsv(await readFile(`${out}.csv`, 'utf8'))
    expect(header).toEqual([
      'asset',
      'target',
      'verdict',
      'failing_rules',
      'platform_errors',
      'fix',
      'warnings',
      'kind',
      'error',
      'messages',
    ])
    expect(rows).toHaveLength(names.length * 2)
    expect(rows.map((r) => r[0]).sort()).toEqual(names.flatMap((n) => [n, n]).sort())
    const tallFeed = rows.find((r) => r[0] === 'nested/tall.jpg' && r[1] === 'instagram.feed')!
    expect(tallFeed.slice(2, 5)).toEqual(['fail', 'image.aspect_ratio', '2207009'])
    expect(tallFeed[9]).toMatch(/^image\.aspect_ratio: The image is 1080x1920 \(0\.56:1\), taller than/)
    expect(tallFeed[5]).toMatch(/^image\.aspect_ratio: .+/)

    const html = await readFile(`${out}.html`, 'utf8')
    const body = html.slice(
      html.indexOf('<table id="assets"'),
      html.indexOf('</table>', html.indexOf('<table id="assets"')),
    )
    expect(body.match(/<tr>/g)).toHaveLength(names.length + 1) // the header row and one per asset
    expect(html).toContain('picture &#34;1&#34; &#60;b&#62;.txt')
    expect(html).not.toContain('<b>.txt')
    expect(html).toMatch(/<img src="data:image\/webp;base64,[A-Za-z0-9+/=]+"/)
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//) // self-contained: nothing fetched from elsewhere
    expect(run.stderr).toContain('[3/3]')
    expect(run.stdout).toContain('3 assets')
  })

  it('exits 0 when no asset fails, and reuses probed facts for identical bytes (cache hit)', async () => {
    const root = join(dir, 'passing')
    await mkdir(root)
    await copyFile(samplePath('feed-ok-1080x1350.jpg'), join(root, 'a.jpg'))
    await copyFile(samplePath('feed-ok-1080x1350.jpg'), join(root, 'b.jpg'))
    const out = join(dir, 'passing.json')
    const run = await runCli(['audit', root, '--targets', 'instagram.feed', '--out', out, '--concurrency', '1'])
    expect(run.code).toBe(0)
    const json = await readJson(out)
    expect(json.assets.map((a) => a.report!.items[0]!.cache)).toEqual(['miss', 'hit'])
  })

  it('--resume checks only the assets not yet in the output, and keeps the earlier reports', async () => {
    const root = join(dir, 'resume')
    await mkdir(root)
    await copyFile(samplePath('feed-ok-1080x1350.jpg'), join(root, 'one.jpg'))
    const json = join(dir, 'resume.json')
    const csv = join(dir, 'resume.csv')
    expect((await runCli(['audit', root, '--targets', 'threads', '--out', json, '--out', csv])).code).toBe(0)
    const first = await readJson(json)
    await copyFile(samplePath('tall-1080x1920.jpg'), join(root, 'two.jpg'))
    const run = await runCli(['audit', root, '--targets', 'threads', '--out', json, '--out', csv, '--resume'])
    expect(run.code).toBe(0)
    expect(run.stderr).toContain('[1/1]')
    expect(run.stderr).not.toContain('one.jpg')
    expect(run.stdout).toContain('1 from the earlier report')
    const second = await readJson(json)
    expect(second.assets.map((a) => a.asset)).toEqual(['one.jpg', 'two.jpg'])
    expect(second.assets[0]).toEqual(first.assets[0])
    expect(readCsv(await readFile(csv, 'utf8')).map((r) => r[0])).toEqual(['asset', 'one.jpg', 'two.jpg'])
  })

  it('--resume from a CSV report alone', async () => {
    const root = join(dir, 'resume-csv')
    await mkdir(root)
    await copyFile(samplePath('tall-1080x1920.jpg'), join(root, 'one.jpg'))
    const csv = join(dir, 'resume-only.csv')
    expect((await runCli(['audit', root, '--targets', 'instagram.feed', '--out', csv])).code).toBe(1)
    const before = readCsv(await readFile(csv, 'utf8'))
    await copyFile(samplePath('feed-ok-1080x1350.jpg'), join(root, 'two.jpg'))
    const run = await runCli(['audit', root, '--targets', 'instagram.feed', '--out', csv, '--resume'])
    expect(run.code).toBe(1) // the earlier failure still counts
    const after = readCsv(await readFile(csv, 'utf8'))
    expect(after.slice(0, 2)).toEqual(before)
    expect(after[2]?.slice(0, 3)).toEqual(['two.jpg', 'instagram.feed', 'pass'])
  })
})

describe('targets that do not take the media (n/a)', () => {
  it('counts an image against Reels and a video against the feed as n/a, shown apart, not failing; --strict-kind fails them', async () => {
    const root = join(dir, 'mixed')
    await mkdir(root)
    await copyFile(samplePath('feed-ok-1080x1350.jpg'), join(root, 'photo.jpg'))
    await copyFile(samplePath('clip-360x640.mp4'), join(root, 'clip.mp4'))
    const [json, csv, html] = ['json', 'csv', 'html'].map((ext) => join(dir, `mixed.${ext}`)) as [
      string,
      string,
      string,
    ]
    const targets = 'instagram.feed,instagram.reels'
    const run = await runCli(['audit', root, '--targets', targets, '--out', json, '--out', csv, '--out', html])
    expect(run.stdout).toMatch(/^2 assets \(2 checked/)
    expect(run.stdout).toMatch(/instagram\.feed +pass 1 +warn 0 +fail 0 +n\/a 1/)
    expect(run.stdout).toMatch(/instagram\.reels +pass \d +warn \d +fail \d +n\/a 1/)
    expect(run.stdout).not.toContain('× media.kind')
    const report = await readJson(json)
    const rows = readCsv(await readFile(csv, 'utf8'))
    const na = rows.filter((r) => r[2] === 'n/a').map((r) => [r[0], r[1]])
    expect(na.sort()).toEqual([
      ['clip.mp4', 'instagram.feed'],
      ['photo.jpg', 'instagram.reels'],
    ])
    // The reason is the media.kind sentence, in the messages column.
    expect(rows.find((r) => r[0] === 'photo.jpg' && r[1] === 'instagram.reels')![9]).toMatch(
      /^This is an image; .* takes video only\.$/,
    )
    const page = await readFile(html, 'utf8')
    expect(page).toContain('<span class="badge na"')
    // A thumbnail for the photo and a poster frame for the video (ffmpeg is a test-time dependency).
    expect(page.match(/<img src="data:image\/webp;base64,[A-Za-z0-9+/=]+"/g)).toHaveLength(2)
    expect(page).toMatch(/2 asset–target pairs are <span class="badge na">n\/a<\/span>/)
    // The single-asset reports keep the media.kind finding: only the audit's counting changes.
    const photo = report.assets.find((a) => a.asset === 'photo.jpg')!
    expect(photo.report!.results.find((r) => r.target === 'instagram.reels')!.verdict).toBe('fail')

    const strict = await runCli([
      'audit',
      root,
      '--targets',
      targets,
      '--out',
      join(dir, 'mixed-strict.json'),
      '--strict-kind',
    ])
    expect(strict.code).toBe(1)
    expect(strict.stdout).toMatch(/2 failing/)
    expect(strict.stdout).toContain('× media.kind')
  })
})

describe('every target', () => {
  it('is accepted by name and shown in the summary, the CSV rows and the HTML report', async () => {
    const root = join(dir, 'every-target')
    await mkdir(root)
    await copyFile(samplePath('feed-ok-1080x1350.jpg'), join(root, 'photo.jpg'))
    await copyFile(samplePath('clip-360x640.mp4'), join(root, 'clip.mp4'))
    const [csv, html] = [join(dir, 'every.csv'), join(dir, 'every.html')]
    const run = await runCli(['audit', root, '--targets', TARGET_NAMES.join(','), '--out', csv, '--out', html])
    expect(run.stderr).toMatch(/\[2\/2\]/)
    for (const name of TARGET_NAMES) expect(run.stdout).toMatch(new RegExp(`${name.replace('.', '\\.')} +pass`))
    const rows = readCsv(await readFile(csv, 'utf8')).slice(1)
    expect(new Set(rows.map((r) => `${r[0]} ${r[1]}`))).toEqual(
      new Set(['photo.jpg', 'clip.mp4'].flatMap((asset) => TARGET_NAMES.map((t) => `${asset} ${t}`))),
    )
    const page = await readFile(html, 'utf8')
    for (const name of TARGET_NAMES) expect(page).toContain(`<code class="target-id">${name}</code>`)
    expect(page).toContain(targets['tiktok.photo'].site)
    // A photo is n/a on TikTok video and Facebook Reels; the clip on TikTok photo posts.
    const na = rows.filter((r) => r[2] === 'n/a').map((r) => `${r[0]} ${r[1]}`)
    expect(na).toEqual(
      expect.arrayContaining(['photo.jpg tiktok.video', 'photo.jpg facebook.reels', 'clip.mp4 tiktok.photo']),
    )
  })
})

describe('audio in an MP4', () => {
  it('is shown as kind audio, with no thumbnail', async () => {
    const root = join(dir, 'audio')
    await mkdir(root)
    await copyFile(samplePath('audio-only.mp4'), join(root, 'song.mp4'))
    const csv = join(dir, 'audio.csv')
    await runCli(['audit', root, '--targets', 'mastodon', '--out', csv, '--out', join(dir, 'audio.html')])
    const [, row] = readCsv(await readFile(csv, 'utf8'))
    expect(row!.slice(0, 2)).toEqual(['song.mp4', 'mastodon'])
    expect(row![7]).toBe('audio')
    expect(await readFile(join(dir, 'audio.html'), 'utf8')).not.toContain('<img src="data:')
  })
})

describe('preflight audit over a list file', () => {
  it('checks each URL of a list (comments and blank lines skipped); an unreachable one is a failing row', async () => {
    const list = join(dir, 'urls.txt')
    await writeFile(
      list,
      [
        '# campaign assets',
        '',
        server.url('/feed-ok-1080x1350.jpg'),
        `  ${server.url('/clip-360x640.mp4')}  `,
        server.url('/gone.jpg'),
        '',
      ].join('\n'),
    )
    const out = join(dir, 'urls.json')
    const run = await runCli(['audit', list, '--targets', 'threads', '--out', out])
    expect(run.code).toBe(1)
    const json = await readJson(out)
    expect(json.assets.map((a) => [a.asset, a.ok])).toEqual([
      [server.url('/feed-ok-1080x1350.jpg'), true],
      [server.url('/clip-360x640.mp4'), true],
      [server.url('/gone.jpg'), false],
    ])
    expect(json.assets[1]!.report!.items[0]!.media!.kind).toBe('video')
  })

  it('reads a CSV list by its url column; a missing local path is an error row, not the end of the audit', async () => {
    const list = join(dir, 'assets.csv')
    await writeFile(
      list,
      `id,url,note\r\n1,${server.url('/tall-1080x1920.jpg')},"portrait, 9:16"\r\n2,missing.jpg,\r\n`,
    )
    const out = join(dir, 'assets-report.csv')
    const run = await runCli(['audit', list, '--targets', 'instagram.stories', '--out', out])
    expect(run.code).toBe(1)
    const rows = readCsv(await readFile(out, 'utf8')).slice(1)
    // Over plain http the fetch rules warn (fetch.not_https); the 9:16 JPEG itself suits Stories.
    expect(rows.map((r) => [r[0], r[2], r[3]])).toEqual([
      [server.url('/tall-1080x1920.jpg'), 'warn', ''],
      ['missing.jpg', 'error', ''],
    ])
    expect(rows[0]![6]).toContain('fetch.not_https')
    expect(rows[1]![8]).toMatch(/^not_found: /)
  })

  it('Ctrl-C writes the report of what is done and exits 130; --resume then finishes the rest', async () => {
    const list = join(dir, 'interrupt.txt')
    await writeFile(list, `${server.url('/stall.jpg')}\n${server.url('/feed-ok-1080x1350.jpg')}\n`)
    const out = join(dir, 'interrupt.json')
    const child = startCli(['audit', list, '--targets', 'threads', '--out', out, '--concurrency', '2'])
    const done = finished(child)
    await new Promise<void>((resolve) => {
      let seen = ''
      child.stderr!.on('data', (d: Buffer) => {
        seen += d.toString()
        if (seen.includes('[1/2]')) resolve()
      })
    })
    child.kill('SIGINT')
    const run = await done
    expect(run.code).toBe(130)
    expect(run.stderr).toContain('interrupted')
    expect((await readJson(out)).assets.map((a) => a.asset)).toEqual([server.url('/feed-ok-1080x1350.jpg')])

    for (const release of stalled.splice(0)) release()
    await writeFile(list, `${server.url('/tall-1080x1920.jpg')}\n${server.url('/feed-ok-1080x1350.jpg')}\n`)
    const resumed = await runCli(['audit', list, '--targets', 'threads', '--out', out, '--resume'])
    expect(resumed.code).toBe(0)
    expect((await readJson(out)).assets.map((a) => a.asset)).toEqual([
      server.url('/tall-1080x1920.jpg'),
      server.url('/feed-ok-1080x1350.jpg'),
    ])
  })
})

describe('preflight audit usage errors exit 2', () => {
  it.each([
    { why: 'no --targets', args: ['audit', '.', '--out', 'r.json'] },
    { why: 'an unknown target', args: ['audit', '.', '--targets', 'myspace', '--out', 'r.json'] },
    { why: 'no --out', args: ['audit', '.', '--targets', 'threads'] },
    { why: 'an --out of no known format', args: ['audit', '.', '--targets', 'threads', '--out', 'r.xml'] },
    {
      why: 'a folder that does not exist',
      args: ['audit', '/nonexistent/preflight', '--targets', 'threads', '--out', 'r.json'],
    },
    {
      why: 'an --out in a folder that does not exist',
      args: ['audit', '.', '--targets', 'threads', '--out', '/nonexistent/preflight/r.json'],
    },
    {
      why: 'a bad --concurrency',
      args: ['audit', '.', '--targets', 'threads', '--out', 'r.json', '--concurrency', '0'],
    },
  ])('$why', async ({ args }) => {
    const run = await runCli(args)
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/^preflight: /)
  })
})

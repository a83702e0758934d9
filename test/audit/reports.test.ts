// Audit report pieces without the CLI: CSV quoting both ways, list files, HTML escaping and summaries.
import { describe, expect, it } from 'vitest'
import { listEntries } from '../../src/audit/assets.js'
import { csvLine, parseCsv } from '../../src/audit/csv.js'
import { csvReport, readCsvReport } from '../../src/audit/report-csv.js'
import { htmlReport, readHtmlReport } from '../../src/audit/report-html.js'
import { totals, type AssetSummary } from '../../src/audit/summary.js'
import { readCsv } from '../helpers/csv.js'

const tricky = 'a "quoted", multi\r\nline\nname,<script>alert(1)</script>.jpg'

const summary = (asset: string, verdict: 'pass' | 'fail', rule = 'image.aspect_ratio'): AssetSummary => ({
  asset,
  kind: 'image',
  mime: 'image/jpeg',
  width: 1080,
  height: 1920,
  sizeBytes: 16045,
  cache: 'miss',
  error: null,
  targets: [
    {
      target: 'instagram.feed',
      verdict,
      failing:
        verdict === 'fail'
          ? [{ rule, fix: 'Crop to 4:5, e.g. "magick in.jpg -gravity center -crop 4:5 out.jpg"' }]
          : [],
      warnings: [],
      platformErrors: verdict === 'fail' ? ['2207009'] : [],
    },
  ],
})

describe('CSV', () => {
  it('quotes commas, quotes and line breaks so an independent RFC 4180 reader gets the fields back', () => {
    const fields = [tricky, 'plain', '', 'x"y', 'line\nbreak']
    expect(readCsv(csvLine(fields))).toEqual([fields])
    expect(parseCsv(csvLine(fields) + csvLine(['2']))).toEqual([fields, ['2']])
  })

  it('reads back the summaries it wrote (what --resume needs from a CSV report)', () => {
    const summaries = [summary(tricky, 'fail'), summary('b.jpg', 'pass')]
    const back = readCsvReport(csvReport(summaries))!
    expect(back.map((s) => s.asset)).toEqual([tricky, 'b.jpg'])
    expect(back[0]!.targets).toEqual(summaries[0]!.targets)
    expect(readCsvReport('name,size\r\na,1\r\n')).toBeNull()
  })
})

describe('CSV for spreadsheets', () => {
  const formulas = ['=HYPERLINK("http://x","y")', '+1+2', '-2+3', '@SUM(A1)', '\tname.jpg', '\rname.jpg']

  it('neutralises every text cell a spreadsheet would run as a formula (OWASP CSV injection)', () => {
    for (const text of formulas) {
      const [cell] = readCsv(csvLine([text]))[0]!
      expect(cell).toBe(`'${text}`)
    }
    // Plain text, an apostrophe that is not before a formula start, and numbers stay as they are.
    expect(readCsv(csvLine(['photo.jpg', "'quoted'", -1, 0]))[0]).toEqual(['photo.jpg', "'quoted'", '-1', '0'])
  })

  it('reads the neutralised cells back as they were, so --resume keeps the asset names', () => {
    const summaries = formulas.map((name) => summary(name, 'fail', 'image.aspect_ratio'))
    const text = csvReport(summaries)
    for (const line of text.split('\r\n').slice(1, -1)) expect(line).not.toMatch(/^"?[=+\-@\t\r]/)
    expect(readCsvReport(text)!.map((s) => s.asset)).toEqual(formulas)
  })

  it('starts with a UTF-8 byte order mark only when asked, and reads back either way', () => {
    const summaries = [summary('café.jpg', 'pass')]
    expect(csvReport(summaries).startsWith('asset,')).toBe(true)
    const withBom = csvReport(summaries, { bom: true })
    expect(Buffer.from(withBom, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
    expect(readCsvReport(withBom)!.map((s) => s.asset)).toEqual(['café.jpg'])
  })
})

describe('list files', () => {
  it('takes one entry a line, skipping blanks and # comments; relative paths are under the list', () => {
    const assets = listEntries(
      '/data/lists/list.txt',
      '# header\n\nhttps://cdn.example/a.jpg\r\n  photos/b.jpg  \n/abs/c.mp4\n',
    )
    expect(assets).toEqual([
      { name: 'https://cdn.example/a.jpg', input: { url: 'https://cdn.example/a.jpg' } },
      { name: 'photos/b.jpg', input: { path: '/data/lists/photos/b.jpg' } },
      { name: '/abs/c.mp4', input: { path: '/abs/c.mp4' } },
    ])
  })

  it('takes the url column of a CSV, quoted fields and all', () => {
    const text =
      'id,URL,caption\r\n1,https://cdn.example/a.jpg,"hello, world"\r\n2,,"empty url"\r\n3,"https://cdn.example/b,c.jpg","multi\nline"\r\n'
    expect(listEntries('/l.csv', text).map((a) => a.name)).toEqual([
      'https://cdn.example/a.jpg',
      'https://cdn.example/b,c.jpg',
    ])
  })
})

describe('HTML', () => {
  const html = htmlReport({
    summaries: [summary(tricky, 'fail'), summary('b.jpg', 'pass'), summary('c.jpg', 'fail', 'image.format')],
    targets: ['instagram.feed'],
    thumbnails: new Map([['b.jpg', 'data:image/webp;base64,AAAA']]),
    generatedAt: new Date('2026-01-01T00:00:00Z'),
  })

  it('escapes every value: no markup from an asset name or a fix reaches the page', () => {
    expect(html).not.toContain('<script>alert(1)')
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;')
    expect(html).toContain('&#34;magick in.jpg')
    // The embedded data cannot end its script element early.
    const data = html.slice(html.indexOf('id="preflight-audit-data">'))
    expect(data.indexOf('</script>')).toBeGreaterThan(data.indexOf('alert(1)'))
  })

  it('has one row per asset, the rule counts, a thumbnail, and its data reads back for --resume', () => {
    const table = html.slice(html.indexOf('<table id="assets"'))
    expect(table.slice(0, table.indexOf('</table>')).match(/<tr>/g)).toHaveLength(4)
    expect(html).toMatch(/<code>image\.aspect_ratio<\/code><\/td><td class="num">1</)
    expect(html).toContain('<img src="data:image/webp;base64,AAAA"')
    expect(readHtmlReport(html)!.map((s) => s.asset)).toEqual([tricky, 'b.jpg', 'c.jpg'])
  })

  it('names targets as people do, with the contract name after, and gives warnings their sentence', () => {
    const warned = summary('w.jpg', 'pass')
    warned.targets[0] = {
      ...warned.targets[0]!,
      verdict: 'warn',
      warnings: ['image.max_width'],
      warningMessages: { 'image.max_width': 'The image is 2000 px wide; Instagram feed scales it down to 1440 px.' },
    }
    const html = htmlReport({
      summaries: [warned],
      targets: ['instagram.feed'],
      thumbnails: new Map(),
      generatedAt: new Date(0),
    })
    expect(html).toContain('<th scope="row">Instagram feed <code class="target-id">instagram.feed</code></th>')
    expect(html).toContain(
      '<code class="muted">image.max_width</code> The image is 2000 px wide; Instagram feed scales it down to 1440 px.',
    )
  })

  it('counts a failing rule once per asset, most frequent first', () => {
    const t = totals([
      summary('a', 'fail'),
      summary('b', 'fail'),
      summary('c', 'fail', 'image.format'),
      summary('d', 'pass'),
    ])
    expect(t.rules.map((r) => [r.rule, r.count])).toEqual([
      ['image.aspect_ratio', 2],
      ['image.format', 1],
    ])
    expect(t.verdicts['instagram.feed']).toEqual({ pass: 1, warn: 0, fail: 3, 'n/a': 0, error: 0 })
    const odd = summary('e', 'fail')
    odd.targets[0]!.failing[0]!.fix = 'Pad to 4:5.'
    const withOdd = totals([summary('a', 'fail'), summary('b', 'fail'), odd]).rules[0]!
    expect([withOdd.fix, withOdd.otherFixes]).toEqual([summary('a', 'fail').targets[0]!.failing[0]!.fix, 1])
    expect(t.failing).toBe(3)
  })
})

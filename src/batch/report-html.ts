// The HTML audit report, one self-contained page; and reading its embedded data back for --resume.
import { HTML_SCRIPT, HTML_STYLE } from './report-html-assets.js'
import { totals, type AssetSummary, type Totals } from './summary.js'

const DATA_ID = 'preflight-audit-data'

export interface HtmlReportInput {
  summaries: readonly AssetSummary[]
  targets: readonly string[]
  /** Asset name → thumbnail data URI. */
  thumbnails: ReadonlyMap<string, string>
  generatedAt: Date
}

/** Verdicts per target, the most frequent failing rules with a fix, then a sortable table of assets. */
export function htmlReport({ summaries, targets, thumbnails, generatedAt }: HtmlReportInput): string {
  const sum = totals(summaries)
  const data = JSON.stringify({ targets, summaries }).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>preflight audit: ${sum.failing} of ${sum.assets} assets failing</title>
<style>${HTML_STYLE}</style></head>
<body>
<header><h1>preflight audit</h1>
<p class="lede"><strong>${sum.assets}</strong> assets, <strong class="${sum.failing ? 'fail' : 'pass'}">${sum.failing} failing</strong>
against ${targets.map((t) => `<code>${esc(t)}</code>`).join(', ')}. Generated ${esc(generatedAt.toISOString())}.</p></header>
<main>
<section><h2>Verdicts per target</h2>${verdictTable(sum, targets)}</section>
<section><h2>Most frequent failing rules</h2>${rulesTable(sum)}</section>
<section><h2>Assets</h2>
<p><input id="filter" type="search" placeholder="Filter assets, rules, verdicts…" aria-label="Filter assets"></p>
${assetTable(summaries, targets, thumbnails)}
</section>
</main>
<script type="application/json" id="${DATA_ID}">${data}</script>
<script>${HTML_SCRIPT}</script>
</body></html>
`
}

function verdictTable(sum: Totals, targets: readonly string[]): string {
  const rows = targets.map((target) => {
    const v = sum.verdicts[target] ?? { pass: 0, warn: 0, fail: 0, error: 0 }
    const all = v.pass + v.warn + v.fail + v.error || 1
    const bar = (['pass', 'warn', 'fail', 'error'] as const)
      .filter((k) => v[k] > 0)
      .map((k) => `<span class="seg ${k}" style="width:${((v[k] / all) * 100).toFixed(2)}%" title="${k}: ${v[k]}"></span>`)
      .join('')
    return `<tr><th scope="row"><code>${esc(target)}</code></th><td class="num">${v.pass}</td><td class="num">${v.warn}</td><td class="num">${v.fail}</td><td class="num">${v.error}</td><td class="bar-cell"><div class="bar">${bar}</div></td></tr>`
  })
  return `<table class="verdicts"><thead><tr><th>target</th><th class="num">pass</th><th class="num">warn</th><th class="num">fail</th><th class="num">error</th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table>`
}

function rulesTable(sum: Totals): string {
  if (sum.rules.length === 0) return '<p class="pass">No asset fails any target.</p>'
  const rows = sum.rules.map(
    (r) =>
      `<tr><td><code>${esc(r.rule)}</code></td><td class="num">${r.count}</td><td>${r.targets.map((t) => `<code>${esc(t)}</code>`).join(' ')}</td><td class="fix">${esc(r.fix)}${r.otherFixes ? ` <span class="muted">(+${r.otherFixes} other wording${r.otherFixes > 1 ? 's' : ''})</span>` : ''}</td></tr>`,
  )
  return `<table class="rules"><thead><tr><th>rule</th><th class="num">assets</th><th>targets</th><th>fix (the most frequent wording)</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
}

function assetTable(summaries: readonly AssetSummary[], targets: readonly string[], thumbs: ReadonlyMap<string, string>): string {
  const head = ['', 'asset', 'kind', 'size', 'bytes', ...targets, 'findings']
    // Target names may break after their dot: four of them side by side would not fit otherwise.
    .map((h, i) => (i === 0 ? '<th></th>' : `<th data-sort="${i}" tabindex="0" scope="col">${esc(h).replace(/\./g, '.<wbr>')}</th>`))
    .join('')
  const rows = summaries.map((s) => {
    const thumb = thumbs.get(s.asset)
    const dims = s.width && s.height ? `${s.width}×${s.height}` : ''
    const verdicts = targets.map((t) => {
      const v = s.targets.find((x) => x.target === t)?.verdict ?? 'error'
      return `<td data-v="${VERDICT_ORDER[v]}"><span class="badge ${v}">${v}</span></td>`
    })
    const failing = [...new Set(s.targets.flatMap((t) => t.failing.map((f) => f.rule)))]
    const warnings = [...new Set(s.targets.flatMap((t) => t.warnings))].filter((r) => !failing.includes(r))
    // Failing rules first, then warnings in grey: sorting this column groups assets by their worst rule.
    const findings = s.error
      ? `<span class="error-text">${esc(s.error.code)}: ${esc(s.error.message)}</span>`
      : [...failing.map((r) => `<code class="failing">${esc(r)}</code>`), ...warnings.map((r) => `<code class="muted">${esc(r)}</code>`)].join(' ')
    return `<tr><td class="thumb">${thumb ? `<img src="${esc(thumb)}" alt="" loading="lazy">` : ''}</td><td class="asset" data-v="${esc(s.asset)}">${esc(s.asset)}</td><td>${esc(s.kind ?? '')}</td><td data-v="${(s.width ?? 0) * (s.height ?? 0)}">${dims}</td><td class="num" data-v="${s.sizeBytes ?? -1}">${s.sizeBytes === null ? '' : esc(bytes(s.sizeBytes))}</td>${verdicts.join('')}<td class="findings">${findings}</td></tr>`
  })
  return `<div class="scroll"><table id="assets" class="assets"><thead><tr>${head}</tr></thead><tbody>${rows.join('\n')}</tbody></table></div>`
}

const VERDICT_ORDER = { pass: 0, warn: 1, fail: 2, error: 3 } as const

function bytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`
  return `${(n / 1024 / 1024).toFixed(1)} MiB`
}

/** Every text and attribute value goes through here. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)
}

/** The summaries embedded in a report this module wrote; null when the page holds none. */
export function readHtmlReport(html: string): AssetSummary[] | null {
  const start = html.indexOf(`<script type="application/json" id="${DATA_ID}">`)
  if (start < 0) return null
  const from = html.indexOf('>', start) + 1
  const end = html.indexOf('</script>', from)
  try {
    const data = JSON.parse(html.slice(from, end)) as { summaries?: AssetSummary[] }
    return Array.isArray(data.summaries) ? data.summaries : null
  } catch {
    return null
  }
}

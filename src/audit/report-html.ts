// The HTML audit report, one self-contained page; and reading its embedded data back for --resume.
import { isTargetName, targets as TARGETS } from '../../platforms/targets.js'
import { shortBytes } from '../client/units.js'
import { HTML_SCRIPT, HTML_STYLE } from './report-html-assets.js'
import { SUMMARY_VERDICTS, totals, type AssetSummary, type SummaryVerdict, type Totals } from './summary.js'

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
  const data = JSON.stringify({ targets, summaries })
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>preflight audit: ${sum.failing} of ${plural(sum.assets, 'asset')} failing</title>
<style>${HTML_STYLE}</style></head>
<body>
<header><h1>preflight audit</h1>
<p class="lede"><strong>${plural(sum.assets, 'asset')}</strong>, <strong class="${sum.failing ? 'fail' : 'pass'}">${sum.failing} failing</strong>
against ${targets.map((t) => esc(siteName(t))).join(', ')}${notApplicableText(sum)}. Generated ${esc(generatedAt.toISOString())}.</p></header>
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

/** A target as people call it, its contract name after it: "Instagram Reels <code>instagram.reels</code>". */
const targetName = (target: string) =>
  isTargetName(target)
    ? `${esc(TARGETS[target].site)} <code class="target-id">${esc(target)}</code>`
    : `<code>${esc(target)}</code>`
const siteName = (target: string) => (isTargetName(target) ? TARGETS[target].site : target)

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`
const cls = (v: SummaryVerdict) => (v === 'n/a' ? 'na' : v)

function notApplicableText(sum: Totals): string {
  if (sum.notApplicable === 0) return ''
  return `; ${sum.notApplicable} asset–target ${sum.notApplicable === 1 ? 'pair is' : 'pairs are'} <span class="badge na">n/a</span> (the target does not take that kind of media) and not counted as failing`
}

function verdictTable(sum: Totals, targets: readonly string[]): string {
  const rows = targets.map((target) => {
    const v = sum.verdicts[target] ?? { pass: 0, warn: 0, fail: 0, 'n/a': 0, error: 0 }
    // n/a assets stand apart: the bar shows only the assets the target takes.
    const taken = SUMMARY_VERDICTS.filter((k) => k !== 'n/a')
    const all = taken.reduce((n, k) => n + v[k], 0) || 1
    const bar = taken
      .filter((k) => v[k] > 0)
      .map(
        (k) =>
          `<span class="seg ${cls(k)}" style="width:${((v[k] / all) * 100).toFixed(2)}%" title="${k}: ${v[k]}"></span>`,
      )
      .join('')
    const cells = SUMMARY_VERDICTS.map(
      (k) => `<td class="num${k === 'n/a' ? ' na-count' : ''}" data-label="${k}">${v[k]}</td>`,
    ).join('')
    return `<tr><th scope="row">${targetName(target)}</th>${cells}<td class="bar-cell"><div class="bar">${bar}</div></td></tr>`
  })
  const head = SUMMARY_VERDICTS.map((k) => `<th class="num">${k}</th>`).join('')
  return `<div class="scroll"><table class="verdicts"><thead><tr><th>target</th>${head}<th></th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`
}

function rulesTable(sum: Totals): string {
  if (sum.rules.length === 0) return '<p class="pass">No asset fails any target.</p>'
  const rows = sum.rules.map(
    (r) =>
      `<tr><td><code>${esc(r.rule)}</code></td><td class="num">${r.count}</td><td>${r.targets.map((t) => esc(siteName(t))).join(', ')}</td><td class="fix">${esc(r.fix)}${r.otherFixes ? ` <span class="muted">(+${r.otherFixes} other wording${r.otherFixes > 1 ? 's' : ''})</span>` : ''}</td></tr>`,
  )
  return `<div class="scroll"><table class="rules"><thead><tr><th>rule</th><th class="num">assets</th><th>targets</th><th>fix (the most frequent wording)</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`
}

function assetTable(
  summaries: readonly AssetSummary[],
  targets: readonly string[],
  thumbs: ReadonlyMap<string, string>,
): string {
  const head = ['', 'asset', 'kind', 'size', 'bytes', ...targets.map(siteName), 'findings']
    .map((h, i) => (i === 0 ? '<th></th>' : `<th data-sort="${i}" tabindex="0" scope="col">${esc(h)}</th>`))
    .join('')
  const rows = summaries.map((s) => {
    const thumb = thumbs.get(s.asset)
    const dims = s.width && s.height ? `${s.width}×${s.height}` : ''
    const verdicts = targets.map((t) => {
      const target = s.targets.find((x) => x.target === t)
      const v = target?.verdict ?? 'error'
      const title = target?.reason ? ` title="${esc(target.reason)}"` : ''
      return `<td data-v="${VERDICT_ORDER[v]}" data-label="${esc(siteName(t))}"><span class="badge ${cls(v)}"${title}>${v}</span></td>`
    })
    // One line per failing rule with its sentence (the first wording met), then warnings in grey:
    // sorting this column groups assets by their worst rule.
    const failing = new Map<string, string>()
    for (const f of s.targets.flatMap((t) => t.failing)) if (!failing.has(f.rule)) failing.set(f.rule, f.message ?? '')
    const warned = new Map<string, string>()
    for (const t of s.targets)
      for (const rule of t.warnings)
        if (!failing.has(rule) && !warned.has(rule)) warned.set(rule, t.warningMessages?.[rule] ?? '')
    const findings = s.error
      ? `<span class="error-text">${esc(s.error.code)}: ${esc(s.error.message)}</span>`
      : [
          ...[...failing].map(
            ([rule, message]) => `<div class="finding"><code class="failing">${esc(rule)}</code> ${esc(message)}</div>`,
          ),
          ...[...warned].map(
            ([rule, message]) =>
              `<div class="finding muted-text"><code class="muted">${esc(rule)}</code> ${esc(message)}</div>`,
          ),
        ].join('')
    return `<tr><td class="thumb">${thumb ? `<img src="${esc(thumb)}" alt="" loading="lazy">` : ''}</td><td class="asset" data-v="${esc(s.asset)}">${esc(s.asset)}</td><td data-label="kind">${esc(s.kind ?? '')}</td><td data-v="${(s.width ?? 0) * (s.height ?? 0)}" data-label="size">${dims}</td><td class="num" data-v="${s.sizeBytes ?? -1}" data-label="bytes">${s.sizeBytes === null ? '' : esc(shortBytes(s.sizeBytes))}</td>${verdicts.join('')}<td class="findings">${findings}</td></tr>`
  })
  return `<div class="scroll"><table id="assets" class="assets"><thead><tr>${head}</tr></thead><tbody>${rows.join('\n')}</tbody></table></div>`
}

const VERDICT_ORDER: Record<SummaryVerdict, number> = { 'n/a': 0, pass: 1, warn: 2, fail: 3, error: 4 }

/** Every text and attribute value goes through here. */
function esc(text: string): string {
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

// A report as a result card: an overall line, each target's verdict and findings with a copyable fix, then the facts.
import type { Finding, Report, TargetResult } from '../client/types.js'
import { el } from './dom.js'
import { itemFacts } from './facts-view.js'

const VERDICT_TEXT = { pass: 'Pass', warn: 'Warning', fail: 'Fail' } as const
const SEVERITY_TEXT = { error: 'Error', warning: 'Warning', info: 'Note' } as const
const ACTION_TEXT = { fix_input: 'fix the media', retry_later: 'retry later', reconnect: 'reconnect the account' } as const

/** What to do, in words: a fetch problem is fixed at the URL or its server, not in the media. */
function actionText(f: Finding): string {
  return f.rule.startsWith('fetch.') && f.action === 'fix_input' ? 'check the URL and its server' : ACTION_TEXT[f.action!]
}

/** How the page names a target: its site name from /v1/targets, else its contract name. */
export type SiteNames = ReadonlyMap<string, string>

export function verdictBadge(verdict: TargetResult['verdict']): HTMLElement {
  return el('span', { class: `badge ${verdict}` }, VERDICT_TEXT[verdict])
}

/** A fix: its words as text, and only its command (when it has one) in a copy box. */
function fixText(f: Finding, announce: (text: string) => void): HTMLElement {
  if (!f.command) return el('p', { class: 'fix-prose' }, el('span', { class: 'fix-label' }, 'Fix'), ' ', f.fix)
  const prose = f.fix!.replace(f.command, '').replace(/[\s:;,]+$/, '').trim()
  return el('div', {}, prose ? el('p', { class: 'fix-prose' }, el('span', { class: 'fix-label' }, 'Fix'), ' ', prose) : null, fixBlock(f.command, f.rule, announce))
}

function fixBlock(fix: string, rule: string, announce: (text: string) => void): HTMLElement {
  const code = el('code', {}, fix)
  const button = el('button', { type: 'button', class: 'copy', 'aria-label': `Copy the fix for ${rule}` }, 'Copy')
  button.addEventListener('click', () => {
    copyText(fix, code).then(
      () => {
        button.textContent = 'Copied'
        announce('Fix copied to the clipboard.')
        setTimeout(() => (button.textContent = 'Copy'), 2000)
      },
      () => announce('Copying failed: select the fix and copy it by hand.'),
    )
  })
  return el('div', { class: 'fix' }, el('span', { class: 'fix-label' }, 'Fix'), code, button)
}

// The Clipboard API needs a secure context; elsewhere the text is selected and copied the old way.
async function copyText(text: string, node: Node): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text)
  const range = document.createRange()
  range.selectNodeContents(node)
  getSelection()?.removeAllRanges()
  getSelection()?.addRange(range)
  if (!document.execCommand('copy')) throw new Error('copy refused')
}

function findingItem(f: Finding, showItem: boolean, composed: ReadonlySet<string>, announce: (text: string) => void): HTMLElement {
  const meta = [
    f.platformError ? `platform error ${f.platformError}` : null,
    f.expected !== null ? `expected ${f.expected}` : null,
    f.actual !== null ? `actual ${f.actual}` : null,
    f.action ? `to do: ${actionText(f)}` : null,
    showItem && f.item !== undefined ? `item ${f.item + 1}` : null,
  ].filter(Boolean)
  return el(
    'li',
    { class: `finding severity-${f.severity}` },
    el('p', { class: 'message' }, el('span', { class: 'severity' }, `${SEVERITY_TEXT[f.severity]}: `), f.message),
    f.detail ? el('p', { class: 'detail' }, el('code', {}, f.detail)) : null,
    el('p', { class: 'meta' }, el('code', { class: 'rule' }, f.rule), meta.length ? ` · ${meta.join(' · ')}` : ''),
    f.note ? el('p', { class: 'note' }, f.note) : null,
    // A command shared by several findings is shown once, below them.
    f.fix && composed.has(f.fix) ? el('p', { class: 'meta' }, 'Fixed by the one command below.') : null,
    f.fix && !composed.has(f.fix) ? fixText(f, announce) : null,
  )
}

function targetSection(result: TargetResult, sites: SiteNames, showItem: boolean, announce: (text: string) => void): HTMLElement {
  const name = sites.get(result.target) ?? result.target
  const composed = new Set(result.fixes.map((x) => x.command))
  return el(
    'section',
    { class: `target ${result.verdict}`, 'data-target': result.target, 'data-verdict': result.verdict },
    el('h3', {}, verdictBadge(result.verdict), ' ', name, ' ', el('span', { class: 'target-id' }, result.target)),
    result.findings.length
      ? el('ol', { class: 'findings' }, ...result.findings.map((f) => findingItem(f, showItem, composed, announce)))
      : el('p', { class: 'clean' }, 'No findings: the platform should accept it as it is.'),
    ...result.fixes.map((x) =>
      el(
        'div',
        { class: 'all-fixes' },
        el(
          'p',
          {},
          el('strong', {}, showItem ? `One command for all of item ${x.item + 1}'s video fixes` : 'One command for all the video fixes'),
          x.cutsS ? ` (it cuts the last ${x.cutsS} s):` : ':',
        ),
        fixBlock(x.command, `all of item ${x.item + 1}`, announce),
      ),
    ),
  )
}

/** One sentence for screen readers and the card's header. */
export function summary(report: Report, sites: SiteNames): string {
  const failing = report.results.filter((r) => r.verdict === 'fail').map((r) => sites.get(r.target) ?? r.target)
  const warned = report.results.filter((r) => r.verdict === 'warn').map((r) => sites.get(r.target) ?? r.target)
  if (failing.length) return `Will be rejected by ${failing.join(', ')}.`
  if (warned.length) return `Accepted with warnings by ${warned.join(', ')}.`
  return 'Passes every target.'
}

export function reportBody(report: Report, sites: SiteNames, announce: (text: string) => void): HTMLElement {
  const showItem = report.items.length > 1
  return el(
    'div',
    { class: 'report' },
    ...report.results.map((r) => targetSection(r, sites, showItem, announce)),
    itemFacts(report.items),
  )
}

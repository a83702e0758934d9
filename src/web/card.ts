// One result card: created when a check starts, showing upload progress and the local pre-check, then the report or the error.
import { PreflightError } from '../client/errors.js'
import type { ProvisionalCheck, Report, UploadProgress } from '../client/types.js'
import { bytes, el } from './dom.js'
import { provisionalLine } from './facts-view.js'
import { reportBody, summary, type SiteNames } from './report-view.js'

let cards = 0

export interface Card {
  root: HTMLElement
  preview: (node: HTMLElement) => void
  progress: (p: UploadProgress) => void
  provisional: (check: ProvisionalCheck) => void
  done: (report: Report) => void
  failed: (error: unknown) => void
}

export function createCard(title: string, sites: SiteNames, announce: (text: string) => void): Card {
  const id = `result-${++cards}`
  const state = el('p', { class: 'state' }, 'Sending…')
  const bar = el('progress', { max: '1', 'aria-label': `Upload of ${title}` })
  const figure = el('figure', { class: 'preview', hidden: true })
  const local = el('div', { class: 'local' })
  const body = el('div', { class: 'body' })
  const root = el(
    'article',
    { class: 'result pending', 'aria-labelledby': id, 'aria-busy': 'true' },
    el('header', {}, el('h2', { id }, title), state),
    el('div', { class: 'result-grid' }, figure, el('div', { class: 'result-main' }, bar, local, body)),
  )
  const finish = (cls: string, text: string) => {
    bar.remove()
    root.classList.replace('pending', cls)
    root.setAttribute('aria-busy', 'false')
    state.textContent = text
  }
  return {
    root,
    preview(node) {
      figure.replaceChildren(node)
      figure.hidden = false
    },
    progress({ loaded, total, fraction }) {
      if (fraction === null) bar.removeAttribute('value')
      else bar.value = fraction
      bar.setAttribute('aria-valuetext', total ? `${bytes(loaded)} of ${bytes(total)}` : bytes(loaded))
      if (fraction === 1 && state.textContent !== 'Checking…') state.textContent = 'Checking…'
      else if (fraction !== 1 && state.textContent !== 'Uploading…') state.textContent = 'Uploading…'
    },
    provisional(check) {
      local.replaceChildren(provisionalLine(check))
    },
    done(report) {
      local.replaceChildren()
      finish(report.ok ? 'ok' : 'not-ok', summary(report, sites))
      body.replaceChildren(reportBody(report, sites, announce))
      announce(`${title}: ${summary(report, sites)}`)
    },
    failed(error) {
      const text = describe(error)
      finish('error', 'Not checked')
      body.replaceChildren(el('div', { class: 'error-box', role: 'alert' }, el('p', {}, text.message), text.detail ? el('p', { class: 'meta' }, text.detail) : null))
    },
  }
}

/** The contract's error reply, a network failure or a cancel, in words. */
function describe(error: unknown): { message: string; detail?: string } {
  if (error instanceof PreflightError) {
    if (error.code === 'network') return { message: error.message }
    return { message: `The service refused the request: ${error.message}`, detail: `${error.code} · HTTP ${error.status}` }
  }
  if (error instanceof DOMException && error.name === 'AbortError') return { message: 'Cancelled.' }
  return { message: `Something went wrong: ${error instanceof Error ? error.message : String(error)}` }
}

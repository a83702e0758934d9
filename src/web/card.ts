// One result card: created when a check starts, showing upload progress and the local pre-check, then the report or the error.
import { PreflightError } from '../client/errors.js'
import type { ProvisionalCheck, Report, UploadProgress } from '../client/types.js'
import { cropFrames, type Frame, type TargetInfo } from './crop.js'
import { cropStage, cropText } from './crop-view.js'
import { el } from './dom.js'
import { shortBytes } from '../client/units.js'
import { provisionalLine } from './facts-view.js'
import { fixPanel, type FixRequest } from './fix-view.js'
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

/** The frames each selected target shows of the report's first item, drawn over the preview when both are there. */
function framesOf(
  report: Report,
  targets: ReadonlyMap<string, TargetInfo>,
): { width: number; height: number; frames: Frame[] } | null {
  const media = report.items[0]?.media
  if (!media || (media.kind !== 'image' && media.kind !== 'video') || !media.width || !media.height) return null
  const frames = cropFrames(
    media.kind,
    media.width,
    media.height,
    report.results.map((r) => r.target),
    targets,
  )
  return frames.length ? { width: media.width, height: media.height, frames } : null
}

export function createCard(
  title: string,
  sites: SiteNames,
  targets: ReadonlyMap<string, TargetInfo>,
  announce: (text: string) => void,
  fix?: FixRequest,
): Card {
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
  let picture: HTMLElement | null = null
  let crop: ReturnType<typeof framesOf> = null
  // The preview (a local blob, a poster frame taken later, a URL) and the report arrive in either order.
  const render = () => {
    if (!picture && !crop) return
    const stage =
      picture && crop && picture instanceof HTMLImageElement
        ? cropStage(picture, crop.width, crop.height, crop.frames)
        : picture
    figure.replaceChildren(
      ...[stage, crop ? el('figcaption', {}, cropText(crop.frames)) : null].filter((n): n is HTMLElement => n !== null),
    )
    figure.hidden = false
  }
  const finish = (cls: string, text: string) => {
    bar.remove()
    root.classList.replace('pending', cls)
    root.setAttribute('aria-busy', 'false')
    state.textContent = text
  }
  return {
    root,
    preview(node) {
      picture = node
      render()
    },
    progress({ loaded, total, fraction }) {
      if (fraction === null) bar.removeAttribute('value')
      else bar.value = fraction
      bar.setAttribute('aria-valuetext', total ? `${shortBytes(loaded)} of ${shortBytes(total)}` : shortBytes(loaded))
      if (fraction === 1 && state.textContent !== 'Checking…') state.textContent = 'Checking…'
      else if (fraction !== 1 && state.textContent !== 'Uploading…') state.textContent = 'Uploading…'
    },
    provisional(check) {
      // The browser's own reading can finish after the service's answer: then it is not shown.
      if (root.getAttribute('aria-busy') === 'false') return
      local.replaceChildren(provisionalLine(check))
    },
    done(report) {
      local.replaceChildren()
      finish(report.ok ? 'ok' : 'not-ok', summary(report, sites))
      body.replaceChildren(reportBody(report, sites, announce))
      // A failing check offers a fixed copy of the same media, made and proved by the service.
      if (!report.ok && fix) body.append(fixPanel(fix, sites, () => picture))
      crop = framesOf(report, targets)
      render()
      announce(`${title}: ${summary(report, sites)}`)
    },
    failed(error) {
      const text = describe(error)
      finish('error', 'Not checked')
      body.replaceChildren(
        el(
          'div',
          { class: 'error-box', role: 'alert' },
          el('p', {}, text.message),
          text.detail ? el('p', { class: 'meta' }, text.detail) : null,
        ),
      )
    },
  }
}

/** The contract's error reply, a network failure or a cancel, in words. */
function describe(error: unknown): { message: string; detail?: string } {
  if (error instanceof PreflightError) {
    if (error.code === 'network') return { message: error.message }
    return {
      message: `The service refused the request: ${error.message}`,
      detail: `${error.code} · HTTP ${error.status}`,
    }
  }
  if (error instanceof DOMException && error.name === 'AbortError') return { message: 'Cancelled.' }
  return { message: `Something went wrong: ${error instanceof Error ? error.message : String(error)}` }
}

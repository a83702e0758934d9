// The crop overlay: the preview with each frame outlined and labelled, what is cut dimmed, the UI zones hatched.
// The drawing is decorative (aria-hidden); the sentences under it say the same in words.
import type { Frame } from './crop.js'
import { el } from './dom.js'

// One corner each, half the frame wide at most: frames that share an edge never hide each other's label.
const LABEL_CORNERS = ['top-left', 'bottom-left', 'top-right', 'bottom-right'] as const

// Every framed surface is Instagram's: the label on a small preview says which one; the sentences below name it in full.
const shortLabel = (label: string) => label.replace(/Instagram /g, '').replace(/^\w/, (c) => c.toUpperCase())

// Positions are set through the CSSOM: the page's CSP allows no inline style attributes.
function place(
  node: HTMLElement,
  box: { x: number; y: number; w: number; h: number },
  within: { x: number; y: number; w: number; h: number },
): void {
  node.style.left = `${((box.x - within.x) / within.w) * 100}%`
  node.style.top = `${((box.y - within.y) / within.h) * 100}%`
  node.style.width = `${(box.w / within.w) * 100}%`
  node.style.height = `${(box.h / within.h) * 100}%`
}

/** The preview picture (an <img> of `width`×`height`) inside a stage large enough for every frame, with the frames over it. */
export function cropStage(picture: HTMLElement, width: number, height: number, frames: readonly Frame[]): HTMLElement {
  const x = Math.min(0, ...frames.map((f) => f.x))
  const y = Math.min(0, ...frames.map((f) => f.y))
  const bounds = {
    x,
    y,
    w: Math.max(width, ...frames.map((f) => f.x + f.w)) - x,
    h: Math.max(height, ...frames.map((f) => f.y + f.h)) - y,
  }
  const stage = el('div', { class: 'stage', 'data-size': `${width}x${height}` })
  stage.style.aspectRatio = `${bounds.w} / ${bounds.h}`
  // As tall as the CSS allows (--stage-height), never wider than the column.
  stage.style.maxWidth = `calc(var(--stage-height) * ${(bounds.w / bounds.h).toFixed(4)})`
  const fills = frames
    .filter((f) => f.kind === 'fill')
    .map((f) => {
      const fill = el('div', { class: 'fill-area' })
      place(fill, f, bounds)
      return fill
    })
  picture.classList.add('picture')
  place(picture, { x: 0, y: 0, w: width, h: height }, bounds)
  // Dims first, outlines over them: what a target cuts is darkened, and darker where several cut it.
  const dims = frames
    .filter((f) => f.kind === 'crop')
    .map((f) => {
      const dim = el('div', { class: 'dim' })
      place(dim, f, bounds)
      return dim
    })
  const overlay = el(
    'div',
    { class: 'crop-overlay', 'aria-hidden': 'true' },
    ...dims,
    ...frames.map((f, i) => {
      const frame = el(
        'div',
        {
          class: `frame frame-${i % 4} ${f.kind}`,
          'data-targets': f.targets.join(' '),
          'data-box': `${f.x} ${f.y} ${f.w} ${f.h}`,
        },
        f.safe ? el('div', { class: 'zone top' }) : null,
        f.safe ? el('div', { class: 'zone bottom' }) : null,
        el('span', { class: `frame-label ${LABEL_CORNERS[i % 4]}` }, shortLabel(f.label)),
      )
      place(frame, f, bounds)
      if (f.safe) {
        ;(frame.children[0] as HTMLElement).style.height = `${f.safe.top * 100}%`
        ;(frame.children[1] as HTMLElement).style.height = `${f.safe.bottom * 100}%`
      }
      return frame
    }),
  )
  stage.append(...fills, picture, overlay)
  return stage
}

/** The frames in words, one line each. */
export function cropText(frames: readonly Frame[]): HTMLElement {
  return el(
    'ul',
    { class: 'crop-text' },
    ...frames.map((f, i) =>
      el(
        'li',
        { class: `frame-${i % 4}`, 'data-targets': f.targets.join(' ') },
        el('span', { class: 'swatch', 'aria-hidden': 'true' }),
        f.sentence,
      ),
    ),
  )
}

// What an output file is called in the job's folder and what type it is: the item's own name with `.fixed`,
// made safe for a file name, unique within the job. Pure.
import { basename } from 'node:path'
import type { MediaFacts } from '../facts.js'
import { fileNames, urlFileName } from '../messages/commands.js'
import type { MediaInput } from '../pipeline/acquire.js'
import type { OutputPlan } from './plan.js'

const IMAGE_TYPES = { jpeg: ['image/jpeg', 'jpg'], png: ['image/png', 'png'], webp: ['image/webp', 'webp'] } as const

export function outputName(
  input: MediaInput,
  out: OutputPlan,
  media: MediaFacts,
  taken: Set<string>,
): { file: string; mime: string } {
  const shown = input.name ?? ('path' in input ? input.path : input.url.parsed && urlFileName(input.url.parsed))
  const stem = basename(fileNames(shown ? basename(shown) : null).outputStem)
    .replace(/[^\w.-]+/g, '_')
    .replace(/^\.+/, '')
    .slice(0, 100)
  const [mime, ext] =
    out.make.kind === 'image'
      ? IMAGE_TYPES[out.make.format]
      : out.make.kind === 'video'
        ? (['video/mp4', 'mp4'] as const)
        : [media.mime ?? 'application/octet-stream', media.container ?? 'bin']
  let file = `${stem || 'media.fixed'}.${ext}`
  for (let n = 2; taken.has(file); n++) file = `${stem}-${n}.${ext}`
  taken.add(file)
  return { file, mime }
}

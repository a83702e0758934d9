// Paths to the committed sample files.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const SAMPLES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'samples')
export const samplePath = (name: string): string => join(SAMPLES, name)

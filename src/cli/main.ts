#!/usr/bin/env node
// The preflight CLI: `preflight check ...` and `preflight audit ...`. Exit 0 ok, 1 a target fails, 2 usage error.
import { loadConfig } from '../config.js'
import { auditCommand } from './audit.js'
import { check } from './check.js'
import { USAGE, UsageError } from './usage.js'

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE)
    return command === undefined ? 2 : 0
  }
  const config = loadConfig()
  if (command === 'check') return check(rest, config, process.stdout)
  if (command === 'audit') return auditCommand(rest, config, process.stdout, process.stderr)
  throw new UsageError(`Unknown command "${command}".`)
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`preflight: ${(error as Error).message}\n\n${USAGE}`)
      process.exitCode = 2
      return
    }
    console.error(`preflight: ${(error as Error).message}`)
    process.exitCode = (error as Error).message.startsWith('Invalid configuration') ? 2 : 3
  },
)

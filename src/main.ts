#!/usr/bin/env node
// The redis-cloud-emulator command: parse, start, print the banner, stop cleanly on SIGINT/SIGTERM.
import { banner, buildCommand, optionsFromCommand } from './cli.js'
import { ConfigError } from './config.js'
import { startEmulator, type RunningEmulator } from './emulator.js'
import { StateFileError } from './core/storage-errors.js'
import { runOpenApiCommand } from './openapi-command.js'
import { capYoungGeneration } from './core/young-generation.js'

async function main(): Promise<void> {
  if (process.argv[2] === 'openapi') {
    try {
      process.exitCode = runOpenApiCommand(process.argv.slice(3))
    } catch (err) {
      // commander's own usage errors (missing argument, unknown option) were printed already
      process.exitCode = (err as { exitCode?: number }).exitCode ?? 1
    }
    return
  }
  const program = buildCommand()
  program.parse()
  let emulator: RunningEmulator
  try {
    emulator = await startEmulator(optionsFromCommand(program.opts()))
  } catch (err) {
    // One readable line, never a stack trace: a bad option or a state file the emulator will not start from (kept as is).
    if (err instanceof ConfigError || err instanceof StateFileError) {
      console.error(`redis-cloud-emulator: ${err.message}`)
      process.exit(2)
    }
    console.error(`redis-cloud-emulator: cannot start: ${(err as Error)?.message ?? String(err)}`)
    process.exit(1)
  }
  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    try {
      await emulator.close()
      console.log(`redis-cloud-emulator: stopped (${signal})`)
      process.exit(0)
    } catch (err) {
      // e.g. a full disk refused the final fold into state.json: the log still holds every acknowledged change
      console.error(`redis-cloud-emulator: error while stopping: ${(err as Error)?.message ?? String(err)}`)
      process.exit(1)
    }
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
  // Printed once the signals are handled: a supervisor that waits for the banner may signal at once.
  console.log(banner(emulator))
  // Once started, not before: see the module (creates' CPU against the memory of large answers). After the banner, as
  // loading node:v8 and node:perf_hooks is no part of being ready (issue #20). Not while the build records the code
  // cache (scripts/cli-loader.cjs): V8 rejects a cache made under other flags than a start's.
  if (process.env.RCE_CODE_CACHE !== 'record') capYoungGeneration()
}

// Not a top-level await: the CLI is also bundled as CommonJS (scripts/bundle-cli.mjs).
main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})

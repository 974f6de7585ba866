// Every test file runs with the OpenAPI response check on: each response a provider sends (in process or from a CLI
// the test spawns, which inherits the environment) is checked against its provider's document, and a test after
// which a drifting response was reported fails with the list (issue #19).
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach } from 'vitest'
import { RESPONSE_CHECK_ENV } from '../../src/control/response-check-env.js'

const file = join(tmpdir(), `rce-response-violations-${process.pid}.jsonl`)
process.env[RESPONSE_CHECK_ENV] = file
if (existsSync(file)) writeFileSync(file, '')

/** The violations reported since the last call, then forgotten. */
export function takeViolations(): string[] {
  if (!existsSync(file)) return []
  const lines = readFileSync(file, 'utf-8').split('\n').filter(Boolean)
  if (lines.length) writeFileSync(file, '')
  return lines
}

afterEach(() => {
  const lines = takeViolations()
  if (lines.length) {
    throw new Error(`${lines.length} response(s) drifted from the OpenAPI document:\n${lines.slice(0, 10).join('\n')}${lines.length > 10 ? '\n…' : ''}`)
  }
})

afterAll(() => rmSync(file, { force: true }))

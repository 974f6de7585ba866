// Where an export or import location points on this machine: `mount_point` paths and file:// URLs are local files;
// every other location is remote and only emulated (no network access).
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { reError } from '../errors.js'
import type { Location } from './schemas.js'

const URL_SCHEMES = { export: ['ftp:', 'ftps:', 'http:', 'https:', 'file:'], import: ['ftp:', 'ftps:', 'http:', 'https:', 'redis:', 'file:'] }

/** A location the docs would refuse (a url with another scheme, a relative mount point): 406 invalid_schema (INF). */
export function checkLocation(location: Location, use: 'export' | 'import'): void {
  if (location.type === 'url') {
    let scheme: string
    try {
      scheme = new URL(location.url).protocol
    } catch {
      throw reError('invalid_schema', `${use} location: "${location.url}" is not a URL`)
    }
    if (!URL_SCHEMES[use].includes(scheme)) throw reError('invalid_schema', `${use} location: the ${scheme} scheme is not supported (${URL_SCHEMES[use].join(' ')})`)
  }
  if (location.type === 'mount_point' && !location.path.startsWith('/')) throw reError('invalid_schema', `${use} location: mount_point path must be absolute`)
}

/** The local path a location names, if it is local. */
export function localPath(location: Location): string | undefined {
  if (location.type === 'mount_point') return location.path
  if (location.type === 'url' && location.url.startsWith('file:')) return fileURLToPath(location.url)
  return undefined
}

/** Export target: a directory gets `db-<uid>-<name>.rdb`; a path ending in .rdb is the file itself. */
export function exportFile(path: string, uid: number, name: string): string {
  return path.endsWith('.rdb') ? path : join(path, `db-${uid}-${name}.rdb`)
}

/** Why an export to this local file would fail, as export_failure_reason (D:objects/bdb), or undefined. */
export function exportProblem(file: string): string | undefined {
  const dir = file.slice(0, file.lastIndexOf('/')) || '/'
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return 'wrong-file-path'
  return undefined
}

/** Why an import of this local file would fail, as import_failure_reason (D:objects/bdb), or undefined. */
export function importProblem(file: string): string | undefined {
  if (!existsSync(file) || !statSync(file).isFile()) return 'download-error'
  return undefined
}

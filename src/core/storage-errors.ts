// The store's two kinds of failure: a state file it refuses to start from (the CLI exits 2 with one line), and a
// write the disk refused while serving (the request answers its provider's server error; nothing is half-applied).

/** A state file or data dir the emulator cannot start from; the message names the file, the place and what to do. */
export class StateFileError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'StateFileError'
  }
}

/** A commit the disk did not take (ENOSPC, EIO, EROFS, ...): it was undone in memory and left no partial log line. */
export class StorageWriteError extends Error {
  constructor(
    readonly code: string | undefined,
    readonly file: string,
    cause: unknown,
  ) {
    super(`the state could not be written to ${file} (${code ?? (cause as Error)?.message ?? 'unknown error'}); the change was not applied`)
    this.name = 'StorageWriteError'
  }
}

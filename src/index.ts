// The package's programmatic API, for users' own test suites.
export { startEmulator, createEmulator, VERSION } from './emulator.js'
export type { RunningEmulator, Emulator, ListenerInfo, EmulatorInjections } from './emulator.js'
export type { EmulatorOptions, EmulatorConfig } from './config.js'
export { Clock } from './core/clock.js'

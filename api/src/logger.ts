import type { Config } from './config/config.js';

/** A minimal leveled logger. Never pass it tokens, passwords or cookies. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;

/** Creates a logger writing one line per event to stderr, dropping events below `level`. */
export function createLogger(level: Config['logLevel']): Logger {
  const min = LEVELS.indexOf(level);
  const log = (lvl: (typeof LEVELS)[number]) => (message: string, fields?: Record<string, unknown>) => {
    if (LEVELS.indexOf(lvl) < min) return;
    const suffix = fields ? ' ' + JSON.stringify(fields) : '';
    process.stderr.write(`[baton] ${lvl}: ${message}${suffix}\n`);
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

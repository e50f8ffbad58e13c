/**
 * Progress of `mcp check` on stderr: a bar on a terminal, one plain line per check otherwise.
 *
 * @module
 */
import cliProgress from 'cli-progress';
import type { CheckEvent } from '@agent-studio/legacy/monitor';
import { checkOutcome } from './check-outcome.js';

/**
 * Receives the monitor's progress callbacks.
 *
 * @example
 * const progress = createCheckProgress(process.stderr);
 * createHealthMonitor(engine, { onSweepStart: (e) => progress.start(e.total), onCheck: (e) => progress.tick(e) });
 */
export interface CheckProgress {
  /** The sweep claimed `total` servers. */
  start(total: number): void;
  /** One check finished. */
  tick(event: CheckEvent): void;
  /** The sweep is over (or was interrupted): leaves the terminal clean. */
  stop(): void;
}


/**
 * A progress reporter on `stream`: a `cli-progress` bar when it is a TTY (sized to the terminal's
 * width, the last server's name cut to fit), else one line per
 * check (`[2/5] docs: healthy (41 ms)`), so logs stay readable.
 *
 * @example
 * const progress = createCheckProgress(process.stderr);
 */
export function createCheckProgress(stream: NodeJS.WriteStream = process.stderr): CheckProgress {
  if (stream.isTTY) {
    // fit the terminal: 'checking [' + bar + '] 12/345 ' + last, never wider than the screen
    const columns = stream.columns > 0 ? stream.columns : 80;
    const barsize = Math.max(5, Math.min(30, columns - 50));
    const lastWidth = Math.max(0, columns - barsize - 24);
    const fit = (text: string): string => (text.length > lastWidth ? `${text.slice(0, Math.max(0, lastWidth - 1))}…` : text);
    const bar = new cliProgress.SingleBar(
      {
        stream,
        barsize,
        format: 'checking [{bar}] {value}/{total} {last}',
        hideCursor: true,
        clearOnComplete: false,
        stopOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      start(total) {
        if (total === 0) return;
        started = true;
        bar.start(total, 0, { last: '' });
      },
      tick(event) {
        if (started) bar.update(event.completed, { last: fit(`${event.serverName}: ${checkOutcome(event)}`) });
      },
      stop() {
        if (started) bar.stop();
        started = false;
      },
    };
  }
  return {
    start(total) {
      if (total > 0) stream.write(`checking ${total} MCP server(s)\n`);
    },
    tick(event) {
      stream.write(
        `[${event.completed}/${event.total}] ${event.serverName}: ${checkOutcome(event)} (${Math.round(event.result.latencyMs)} ms)\n`,
      );
    },
    stop() {},
  };
}

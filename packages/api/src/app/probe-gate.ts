/**
 * A cap on concurrent MCP probes per process (`MAX_CONCURRENT_PROBES`): each holds sockets or a
 * child process for up to its deadline, so past the cap a probe is refused with a 503 and
 * `Retry-After` instead of piling up.
 * @module
 */
import { HttpProblem } from '../http/http-problem.js';

/**
 * Runs probes while fewer than `max` are in flight.
 *
 * @example
 * const gate = new ProbeGate(8);
 * const result = await gate.run(() => McpServersService.testConnection(session, body));
 */
export class ProbeGate {
  #active = 0;

  constructor(readonly max: number) {}

  /** Probes in flight now. */
  get active(): number {
    return this.#active;
  }

  /**
   * Runs `probe`, or throws a 503 problem when `max` probes are already in flight.
   *
   * @example
   * await gate.run(() => probeMcpServer(config));
   */
  async run<T>(probe: () => Promise<T>): Promise<T> {
    if (this.#active >= this.max) {
      throw new HttpProblem(503, `${this.max} MCP probes are already running; retry shortly.`, { headers: { 'Retry-After': '1' } });
    }
    this.#active++;
    try {
      return await probe();
    } finally {
      this.#active--;
    }
  }
}

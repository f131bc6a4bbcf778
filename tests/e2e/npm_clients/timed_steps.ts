/**
 * @module
 * Timing for the npm client suites (dockerode, Testcontainers): the shared timed scenarios
 * (tests/_helpers/timed_steps.ts), with every Docker API call the client makes recorded (method,
 * path and time until the daemon's response head) by watching docker-modem's `dial`.
 */

import { TimedSteps } from "../../_helpers/timed_steps.ts";

/** The part of docker-modem's `Modem` that every dockerode request goes through. */
interface Modem {
  dial(options: { method?: string; path?: string }, callback: (...args: unknown[]) => void): void;
}

/** Timed scenarios that also time a docker-modem's requests. */
export class ModemTimedSteps extends TimedSteps {
  /**
   * Times every request `modem` dials from now on. The time is the one until the client's
   * callback: the response head for streams, the whole body otherwise.
   */
  watch(modem: Modem): void {
    const dial = modem.dial.bind(modem);
    modem.dial = (options, callback) => {
      const started = performance.now();
      const path = (options.path ?? "").split("?")[0].replace(
        /\/[0-9a-f]{12,64}(?=\/|$)/g,
        "/{id}",
      );
      const args = `${options.method ?? "GET"} ${path}`;
      const record = this.record.bind(this);
      dial(options, (...result: unknown[]) => {
        record(args, performance.now() - started);
        callback(...result);
      });
    };
  }
}

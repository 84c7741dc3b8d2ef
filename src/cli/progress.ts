import cliProgress from "cli-progress";

/** A terminal stream as the CLI sees it: written to, and a TTY or not (pipes, files, CI logs). */
export interface Terminal {
  write(chunk: string): boolean;
  isTTY?: boolean;
  columns?: number;
}

/** A progress display: `update` as work completes, `stop` before printing results. */
export interface Progress {
  /** @param value work done so far, in the bar's unit; @param payload values the format names */
  update(value: number, payload?: Record<string, string | number>): void;
  /** Changes the value at 100 % (a resumed apply round plans what is left). */
  setTotal(total: number): void;
  stop(): void;
}

const NONE: Progress = { update: () => {}, setTotal: () => {}, stop: () => {} };

/**
 * A progress bar on a terminal (the CLI passes stderr, so stdout stays clean for pipes). When the
 * stream is not a TTY it draws nothing at all: no bar, no escape codes, no trailing newline.
 *
 * @param stream where to draw, or undefined for no display
 * @param total the value at 100 % (requests, seconds, writes)
 * @param format cli-progress format: `{bar}`, `{percentage}`, `{value}`, `{total}` and payload keys
 * @param payload initial values of the payload keys the format names
 */
export function progressBar(
  stream: Terminal | undefined,
  total: number,
  format: string,
  payload: Record<string, string | number> = {},
): Progress {
  if (!stream?.isTTY) return NONE;
  const bar = new cliProgress.SingleBar(
    {
      stream: stream as unknown as NodeJS.WritableStream,
      format,
      hideCursor: true,
      clearOnComplete: true,
      barsize: 30,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, payload);
  let max = total;
  return {
    update: (value, more) => bar.update(Math.min(max, value), more ?? {}),
    setTotal: (t) => {
      max = t;
      bar.setTotal(t);
    },
    stop: () => bar.stop(),
  };
}

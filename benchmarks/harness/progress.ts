// Progress while a benchmark runs, on stderr: on a terminal, one live line that
// says which program and runner is busy (building, run k of N) with a ticking
// clock, replaced by a permanent line when that runner finishes; elsewhere (CI,
// a pipe) only the permanent lines. Tests pass a silent reporter.

export interface ProgressReporter {
  /** The busy step: "nbody · PyPy · run 2/3". */
  live(text: string): void;
  /** A finished step, kept on screen (it ends the live line). */
  line(text: string): void;
  /** Clear the live line (end of the run). */
  close(): void;
}

export const silentProgress: ProgressReporter = { live() {}, line() {}, close() {} };

export class StderrProgress implements ProgressReporter {
  private current = "";
  private since = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly interactive = Boolean(process.stderr.isTTY),
  ) {}

  live(text: string): void {
    if (!this.interactive) return;
    this.current = text;
    this.since = performance.now();
    this.draw();
    if (!this.timer) {
      this.timer = setInterval(() => this.draw(), 250);
      this.timer.unref();
    }
  }

  /** Replaces the live line; the next live() starts a new one. */
  line(text: string): void {
    if (this.interactive) this.stream.write("\r\x1b[2K");
    this.stream.write(`[bench] ${text}\n`);
    this.current = "";
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.current = "";
    if (this.interactive) this.stream.write("\r\x1b[2K");
  }

  private draw(): void {
    if (!this.current) return;
    const seconds = ((performance.now() - this.since) / 1000).toFixed(1);
    const width = this.stream.columns ?? 100;
    const text = `[bench] ${this.current}  ${seconds} s`;
    this.stream.write(`\r\x1b[2K${text.length > width - 1 ? text.slice(0, width - 1) : text}`);
  }
}

/**
 * Events per second over the last minute, drawn on a small canvas from the host's `stats`
 * frames (sampled at most five times a second). Colours come from the theme's CSS variables, read when
 * drawing so a theme switch shows on the next sample.
 */

const WINDOW_MS = 60_000;
/** Stats come with every frame (up to 60 a second): one sample per this long is plenty. */
const SAMPLE_MS = 200;

export class RateChart {
  /** [epoch ms, events/s] samples, oldest first, at most a minute's worth. */
  private samples: Array<[number, number]> = [];

  constructor(readonly canvas: HTMLCanvasElement) {
    canvas.setAttribute('role', 'img');
  }

  reset(): void {
    this.samples = [];
    this.draw();
  }

  add(time: number, rate: number): void {
    const last = this.samples.at(-1);
    if (last && time - last[0] < SAMPLE_MS && time >= last[0]) return;
    this.samples.push([time, rate]);
    const cutoff = time - WINDOW_MS;
    let drop = 0;
    while (drop < this.samples.length && this.samples[drop][0] < cutoff) drop++;
    if (drop > 0) this.samples.splice(0, drop);
    this.draw();
  }

  /** Peak over the window: the chart's scale, also shown as text. */
  get peak(): number {
    let max = 0;
    for (const [, r] of this.samples) if (r > max) max = r;
    return max;
  }

  private draw(): void {
    const { canvas } = this;
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth || 120;
    const height = canvas.clientHeight || 24;
    if (canvas.width !== Math.round(width * ratio)) canvas.width = Math.round(width * ratio);
    if (canvas.height !== Math.round(height * ratio)) canvas.height = Math.round(height * ratio);
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const n = this.samples.length;
    const peak = this.peak;
    canvas.setAttribute('aria-label', `events per second over the last minute, peak ${Math.round(peak)}`);
    if (n < 2 || peak <= 0) return;
    const style = getComputedStyle(canvas);
    const stroke = style.getPropertyValue('--sse-chart-line').trim() || style.color;
    const fill = style.getPropertyValue('--sse-chart-fill').trim() || 'transparent';
    const end = this.samples[n - 1][0];
    const x = (t: number): number => width - ((end - t) / WINDOW_MS) * width;
    const y = (r: number): number => height - 1 - (r / peak) * (height - 3);
    ctx.beginPath();
    ctx.moveTo(x(this.samples[0][0]), height);
    for (const [t, r] of this.samples) ctx.lineTo(x(t), y(r));
    ctx.lineTo(x(end), height);
    ctx.closePath();
    ctx.fillStyle = fill;
    ctx.fill();
    ctx.beginPath();
    this.samples.forEach(([t, r], i) => (i === 0 ? ctx.moveTo(x(t), y(r)) : ctx.lineTo(x(t), y(r))));
    ctx.strokeStyle = stroke;
    ctx.lineWidth = 1.25;
    ctx.stroke();
  }
}

/** Latency summary in ms, from every recorded sample (not a bucketed histogram). */
export interface LatencyStats {
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/**
 * Exact percentiles by the nearest-rank method (the smallest sample with at least p% of samples
 * at or below it) over every recorded latency, so values keep sub-millisecond resolution —
 * autocannon's own histogram buckets at 1 ms and reports no p95.
 *
 * @param samples latencies in ms (sorted in place)
 * @throws Error on an empty sample set (a run with no completed request has no latency)
 */
export function latencyStats(samples: Float64Array): LatencyStats {
  if (samples.length === 0) throw new Error("no completed requests: there is no latency to report");
  samples.sort();
  const rank = (p: number) =>
    samples[Math.min(samples.length - 1, Math.max(0, Math.ceil((p / 100) * samples.length) - 1))] as number;
  let sum = 0;
  for (const s of samples) sum += s;
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return {
    p50: round(rank(50)),
    p90: round(rank(90)),
    p95: round(rank(95)),
    p99: round(rank(99)),
    max: round(samples[samples.length - 1] as number),
    mean: round(sum / samples.length),
  };
}

/** A growable buffer of latencies in ms, without per-sample allocation. */
export class SampleBuffer {
  private data = new Float64Array(1 << 16);
  private size = 0;

  push(value: number): void {
    if (this.size === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.size++] = value;
  }

  get length(): number {
    return this.size;
  }

  /** The samples recorded so far (a copy). */
  values(): Float64Array {
    return this.data.slice(0, this.size);
  }
}

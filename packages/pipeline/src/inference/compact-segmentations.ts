// Binarized segmentations kept compactly while a recording streams in: each (chunk, frame) is one
// byte whose bit s says whether local speaker s is active — 589 bytes per chunk (2.1 MB per hour)
// instead of 589 × 3 float32 (25 MB per hour).
import { InferenceError } from '../errors';
import type { Segmentations } from '../types';

/** A growing list of per-chunk binarized segmentations, stored one byte per frame. */
export class CompactSegmentations {
  private bytes: Uint8Array;
  private count = 0;

  constructor(
    readonly frames: number,
    readonly speakers: number,
    initialChunks = 64,
  ) {
    if (speakers > 8) throw new InferenceError('INVALID_INPUT', `${speakers} local speakers do not fit in one byte per frame`);
    this.bytes = new Uint8Array(Math.max(1, initialChunks) * frames);
  }

  /** Chunks stored so far. */
  get chunks(): number {
    return this.count;
  }

  /** Appends the chunks of `seg` (values 0 or 1; anything else is an error naming the cell). */
  append(seg: Segmentations): void {
    const { frames: F, speakers: S, chunks: C, data } = seg;
    if (F !== this.frames || S !== this.speakers) throw new InferenceError('INVALID_INPUT', `segmentations of ${F} frames × ${S} speakers cannot join ${this.frames} × ${this.speakers}`);
    const needed = (this.count + C) * F;
    if (needed > this.bytes.length) {
      const grown = new Uint8Array(Math.max(needed, 2 * this.bytes.length));
      grown.set(this.bytes.subarray(0, this.count * F));
      this.bytes = grown;
    }
    const base = this.count * F;
    for (let i = 0; i < C * F; i++) {
      let bits = 0;
      for (let s = 0; s < S; s++) {
        const v = data[i * S + s];
        if (v === 1) bits |= 1 << s;
        else if (v !== 0) throw new InferenceError('INVALID_INPUT', `segmentation value ${v} at chunk ${this.count + Math.floor(i / F)}, frame ${i % F}, speaker ${s} is not 0 or 1`);
      }
      this.bytes[base + i] = bits;
    }
    this.count += C;
  }

  /** The float32 `[chunks][frames][speakers]` 0/1 array the back end takes. */
  toSegmentations(): Segmentations {
    const { frames: F, speakers: S } = this;
    const data = new Float32Array(this.count * F * S);
    for (let i = 0; i < this.count * F; i++) {
      const bits = this.bytes[i];
      for (let s = 0; s < S; s++) data[i * S + s] = (bits >> s) & 1;
    }
    return { data, chunks: this.count, frames: F, speakers: S };
  }
}

// Indexed binary min-heap of scipy's `_structures.pxi` (`Heap`), used by `fast_linkage`.

/** Min-heap over keys 0..n−1 with mutable values; same sift rules as scipy, so ties pop in the same order. */
export class IndexedMinHeap {
  private readonly indexByKey: Int32Array;
  private readonly keyByIndex: Int32Array;
  private readonly values: Float64Array;
  private size: number;

  constructor(values: Float64Array) {
    this.size = values.length;
    this.indexByKey = new Int32Array(this.size);
    this.keyByIndex = new Int32Array(this.size);
    for (let i = 0; i < this.size; i++) { this.indexByKey[i] = i; this.keyByIndex[i] = i; }
    this.values = Float64Array.from(values);
    // linear-time heapify: sift down from the lowest internal level up
    for (let i = (this.size >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  minKey(): number {
    return this.keyByIndex[0];
  }

  minValue(): number {
    return this.values[0];
  }

  removeMin(): void {
    this.swap(0, this.size - 1);
    this.size--;
    this.siftDown(0);
  }

  changeValue(key: number, value: number): void {
    const index = this.indexByKey[key];
    const old = this.values[index];
    this.values[index] = value;
    if (value < old) this.siftUp(index);
    else this.siftDown(index);
  }

  private siftUp(index: number): void {
    let parent = (index - 1) >> 1;
    while (index > 0 && this.values[parent] > this.values[index]) {
      this.swap(index, parent);
      index = parent;
      parent = (index - 1) >> 1;
    }
  }

  private siftDown(index: number): void {
    let child = (index << 1) + 1;
    while (child < this.size) {
      if (child + 1 < this.size && this.values[child + 1] < this.values[child]) child++;
      if (this.values[index] > this.values[child]) {
        this.swap(index, child);
        index = child;
        child = (index << 1) + 1;
      } else break;
    }
  }

  private swap(i: number, j: number): void {
    const v = this.values[i];
    this.values[i] = this.values[j];
    this.values[j] = v;
    const k = this.keyByIndex[i];
    this.keyByIndex[i] = this.keyByIndex[j];
    this.keyByIndex[j] = k;
    this.indexByKey[this.keyByIndex[i]] = i;
    this.indexByKey[this.keyByIndex[j]] = j;
  }
}

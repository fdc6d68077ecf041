// @ts-check
// dia report — the page script. It reads the JSON that `dia report` embedded in the page, draws the
// timeline (time axis, energy strip, one lane per speaker, reference and error lanes) on a canvas,
// only what is in view, and wires the player, zoom and pan, the speaker table with renaming kept in
// the URL hash, the comparison and the transcript. Plain browser JavaScript, no dependencies;
// type-checked by tsc (packages/pipeline/tsconfig.report.json).

/**
 * @typedef {object} SpeakerSummary
 * @property {string} label
 * @property {number} talkTime
 * @property {number} share
 * @property {number} turns
 * @property {number} longestTurn
 *
 * @typedef {SpeakerSummary & { mappedFrom: string | null }} ReferenceSpeaker
 *
 * @typedef {object} Comparison
 * @property {ReferenceSpeaker[]} speakers
 * @property {number[]} turns flat [start, end, speaker index, …]
 * @property {number[]} regions flat [start, end, kind index, …]
 * @property {{ missed: number, falseAlarm: number, confusion: number }} regionCounts
 * @property {number} der
 * @property {number} jer
 * @property {number} missedDetection
 * @property {number} falseAlarm
 * @property {number} confusion
 * @property {number} total
 * @property {string} table the lines `dia score` prints
 * @property {number} collar
 * @property {boolean} skipOverlap
 *
 * @typedef {object} TranscriptWord
 * @property {string} word
 * @property {number} [start]
 * @property {number} [end]
 *
 * @typedef {object} TranscriptSegment
 * @property {number} start
 * @property {number} end
 * @property {string} text
 * @property {string} [speaker]
 * @property {TranscriptWord[]} [words]
 *
 * @typedef {object} ReportData
 * @property {string} title
 * @property {number} duration
 * @property {{ src: string, mime: string, embedded: boolean }} audio
 * @property {{ step: number, peak: string, rms: string } | null} envelope
 * @property {SpeakerSummary[]} speakers
 * @property {number[]} turns flat [start, end, speaker index, …]
 * @property {number[]} overlap flat [start, end, …]
 * @property {Comparison | null} comparison
 * @property {TranscriptSegment[] | null} transcript
 * @property {Record<string, string>} names the names speakers are shown with until renamed here
 *
 * @typedef {object} Style how a speaker's (or an error kind's) bars are filled
 * @property {string} color
 * @property {string} name the colour in words, for screen readers
 * @property {number} pattern index into PATTERNS
 *
 * @typedef {object} TurnList one lane's intervals, sorted by start
 * @property {Float64Array} starts
 * @property {Float64Array} ends
 * @property {Float64Array} reach reach[i] = the latest end among intervals 0…i (for binary search)
 *
 * @typedef {object} Row one horizontal band of the timeline
 * @property {'axis' | 'wave' | 'heading' | 'speaker' | 'error'} kind
 * @property {number} y top, in CSS pixels
 * @property {number} height
 * @property {string} text
 * @property {'hypothesis' | 'reference' | 'errors' | ''} group
 * @property {string} speaker the speaker label of a speaker lane, else ''
 * @property {string} errorKind the error kind of an error lane, else ''
 * @property {Style | null} style
 * @property {TurnList | null} turns
 * @property {HTMLElement | null} label the lane's label element
 */

(function diaReport() {
  'use strict';

  // ── Constants ─────────────────────────────────────────────────────────────────────────────

  const AXIS_HEIGHT = 26;
  const WAVE_HEIGHT = 52;
  const HEADING_HEIGHT = 20;
  const LANE_HEIGHT = 24;
  const LANE_GAP = 5;
  /** More turns than this in view: no per-turn buttons (clicks still work through the canvas). */
  const MAX_TURN_BUTTONS = 300;
  /** Pixels a pointer may move and still count as a click rather than a drag. */
  const CLICK_SLOP = 4;
  const SEEK_STEP = 5;
  const ZOOM_STEP = 2;
  const MIN_TICK_SPACING = 84;

  /**
   * Okabe–Ito colours (safe for the common colour-vision deficiencies), each with a fill pattern
   * chosen so that colours of similar lightness — which look alike in greyscale — never share a
   * pattern: orange/sky blue, green/vermillion/reddish purple, blue/vermillion.
   * @type {Style[]}
   */
  const SPEAKER_STYLES = [
    { color: '#E69F00', name: 'orange', pattern: 0 },
    { color: '#56B4E9', name: 'sky blue', pattern: 1 },
    { color: '#009E73', name: 'bluish green', pattern: 2 },
    { color: '#F0E442', name: 'yellow', pattern: 3 },
    { color: '#0072B2', name: 'blue', pattern: 0 },
    { color: '#D55E00', name: 'vermillion', pattern: 3 },
    { color: '#CC79A7', name: 'reddish purple', pattern: 1 },
  ];
  const PATTERN_NAMES = ['solid', 'diagonal stripes', 'dots', 'cross-hatch', 'horizontal stripes'];
  /** The hatching over overlapped speech. */
  const OVERLAP_HATCH = { color: '#ffffff', name: 'white', pattern: 1 };
  /** A reference speaker no hypothesis speaker maps onto. */
  const UNMAPPED_STYLE = { color: '#999999', name: 'grey', pattern: 4 };

  /** The error kinds, in the order of the data's kind indices. */
  const ERROR_KINDS = [
    { key: 'missed', text: 'Missed speech', help: 'reference speech the hypothesis does not have', style: { color: '#D55E00', name: 'vermillion', pattern: 1 } },
    { key: 'falseAlarm', text: 'False alarm', help: 'hypothesis speech where the reference has none', style: { color: '#0072B2', name: 'blue', pattern: 2 } },
    { key: 'confusion', text: 'Confusion', help: 'speech given to the wrong speaker', style: { color: '#CC79A7', name: 'reddish purple', pattern: 3 } },
  ];

  /** Tick steps (seconds) and how many minor intervals each is divided into. */
  const TICK_STEPS = [
    [0.01, 5], [0.02, 4], [0.05, 5], [0.1, 5], [0.2, 4], [0.5, 5], [1, 5], [2, 4], [5, 5], [10, 5], [15, 3], [30, 3],
    [60, 4], [120, 4], [300, 5], [600, 5], [900, 3], [1800, 3], [3600, 4], [7200, 4], [10800, 3], [21600, 6], [43200, 4], [86400, 4],
  ];

  // ── Data ──────────────────────────────────────────────────────────────────────────────────

  /** @returns {ReportData} */
  function readData() {
    const element = document.getElementById('dia-report-data');
    return JSON.parse(element ? element.textContent || 'null' : 'null');
  }

  /** @param {string} text */
  function decodeBase64(text) {
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  /**
   * The intervals of one lane out of a flat [start, end, index, …] list.
   * @param {number[]} flat
   * @param {number} stride 3 for turns and regions (the third value selects the lane), 2 for plain intervals
   * @param {number} index the lane's index, or -1 to take every interval
   * @returns {TurnList}
   */
  function turnList(flat, stride, index) {
    /** @type {[number, number][]} */
    const picked = [];
    for (let i = 0; i < flat.length; i += stride) {
      if (index < 0 || flat[i + 2] === index) picked.push([flat[i], flat[i + 1]]);
    }
    picked.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const starts = new Float64Array(picked.length);
    const ends = new Float64Array(picked.length);
    const reach = new Float64Array(picked.length);
    let latest = -Infinity;
    picked.forEach(([start, end], i) => {
      starts[i] = start;
      ends[i] = end;
      latest = Math.max(latest, end);
      reach[i] = latest;
    });
    return { starts, ends, reach };
  }

  /**
   * Index of the first interval that may reach past `t` (all earlier ones end at or before it).
   * @param {TurnList} list
   * @param {number} t
   */
  function firstReaching(list, t) {
    let lo = 0;
    let hi = list.reach.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (list.reach[mid] <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Max-pyramid of an envelope: level k holds the maximum of 2^k consecutive buckets, so the
   * maximum over any range of buckets takes O(log n) reads.
   * @param {Uint8Array} values
   */
  function pyramid(values) {
    const levels = [values];
    while (levels[levels.length - 1].length > 1) {
      const below = levels[levels.length - 1];
      const level = new Uint8Array(Math.ceil(below.length / 2));
      for (let i = 0; i < level.length; i++) level[i] = Math.max(below[2 * i], below[2 * i + 1] || 0);
      levels.push(level);
    }
    return levels;
  }

  /**
   * Largest value over buckets [from, to).
   * @param {Uint8Array[]} levels
   * @param {number} from
   * @param {number} to
   */
  function rangeMax(levels, from, to) {
    let best = 0;
    let i = from;
    while (i < to) {
      let k = 0;
      while (k + 1 < levels.length && i % (2 << k) === 0 && i + (2 << k) <= to) k++;
      best = Math.max(best, levels[k][i >> k]);
      i += 1 << k;
    }
    return best;
  }

  // ── Formatting ────────────────────────────────────────────────────────────────────────────

  /** @param {number} n @param {number} width */
  const pad = (n, width = 2) => String(n).padStart(width, '0');

  /**
   * A time as h:mm:ss, m:ss or with decimals.
   * @param {number} t seconds
   * @param {number} decimals
   * @param {boolean} hours always show hours
   */
  function formatTime(t, decimals, hours) {
    const sign = t < 0 ? '−' : '';
    const scale = 10 ** decimals;
    const total = Math.round(Math.abs(t) * scale);
    const fraction = total % scale;
    const whole = (total - fraction) / scale;
    const h = Math.floor(whole / 3600);
    const m = Math.floor((whole % 3600) / 60);
    const s = whole % 60;
    const tail = decimals > 0 ? `.${pad(fraction, decimals)}` : '';
    if (hours || h > 0) return `${sign}${h}:${pad(m)}:${pad(s)}${tail}`;
    return `${sign}${m}:${pad(s)}${tail}`;
  }

  /**
   * A length of time in words: "1 h 02 min", "3 min 05 s", "12.3 s".
   * @param {number} seconds
   */
  function formatDuration(seconds) {
    if (seconds >= 3600) return `${Math.floor(seconds / 3600)} h ${pad(Math.floor((seconds % 3600) / 60))} min`;
    if (seconds >= 60) return `${Math.floor(seconds / 60)} min ${pad(Math.floor(seconds % 60))} s`;
    return `${seconds.toFixed(1)} s`;
  }

  /** @param {number} n @param {string} noun */
  const plural = (n, noun) => `${n} ${noun}${n === 1 ? '' : 's'}`;

  /** @param {number} x a fraction */
  const formatPercent = (x) => `${(100 * x).toFixed(1)} %`;

  // ── Page state ────────────────────────────────────────────────────────────────────────────

  const data = readData();
  const duration = data.duration > 0 ? data.duration : 1;
  const longForm = duration >= 3600;
  const comparison = data.comparison;

  /** @param {string} id */
  function byId(id) {
    const element = document.getElementById(id);
    if (!element) throw new Error(`report page: #${id} is missing`);
    return element;
  }

  const audio = /** @type {HTMLAudioElement} */ (byId('audio'));
  const timeline = byId('timeline');
  const stage = byId('stage');
  const laneLabels = byId('lane-labels');
  const canvas = /** @type {HTMLCanvasElement} */ (byId('timeline-canvas'));
  const overlay = /** @type {HTMLCanvasElement} */ (byId('overlay-canvas'));
  const turnLayer = byId('turn-layer');
  const pan = /** @type {HTMLInputElement} */ (byId('pan'));
  const playButton = byId('play');
  const clock = byId('clock');
  const viewRange = byId('view-range');
  const status = byId('audio-status');

  /** The visible time range. */
  const view = { start: 0, span: duration };
  const minSpan = Math.min(duration, 0.5);

  /** @type {Map<string, string>} speaker label → the name the user gave */
  const names = new Map();

  /** @param {string} label */
  const nameOf = (label) => names.get(label) || label;
  /** @param {string} label */
  const describeSpeaker = (label) => (names.get(label) ? `${names.get(label)} (${label})` : label);

  /** @param {number} index */
  function speakerStyle(index) {
    const base = SPEAKER_STYLES[index % SPEAKER_STYLES.length];
    const round = Math.floor(index / SPEAKER_STYLES.length);
    return { ...base, pattern: (base.pattern + round) % PATTERN_NAMES.length };
  }

  /** @type {Map<string, number>} hypothesis label → index */
  const speakerIndex = new Map(data.speakers.map((s, i) => [s.label, i]));

  /** @param {ReferenceSpeaker} speaker */
  function referenceStyle(speaker) {
    const mapped = speaker.mappedFrom === null ? undefined : speakerIndex.get(speaker.mappedFrom);
    return mapped === undefined ? UNMAPPED_STYLE : speakerStyle(mapped);
  }

  // ── Patterns and swatches ─────────────────────────────────────────────────────────────────

  /** @type {Map<string, CanvasPattern | null>} */
  const patternCache = new Map();

  /**
   * Relative luminance of a #rrggbb colour (WCAG), used to pick a pattern ink that shows on it.
   * @param {string} color
   */
  function luminance(color) {
    const channel = (/** @type {number} */ offset) => {
      const c = parseInt(color.slice(offset, offset + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  }

  /**
   * The pattern drawn over a style's colour (null for solid).
   * @param {CanvasRenderingContext2D} ctx
   * @param {Style} style
   */
  function patternFor(ctx, style) {
    const key = `${style.color}/${style.pattern}`;
    const cached = patternCache.get(key);
    if (cached !== undefined) return cached;
    let pattern = null;
    if (style.pattern > 0) {
      const tile = document.createElement('canvas');
      tile.width = 8;
      tile.height = 8;
      const t = /** @type {CanvasRenderingContext2D} */ (tile.getContext('2d'));
      const ink = luminance(style.color) < 0.25 ? 'rgba(255,255,255,0.75)' : 'rgba(0,0,0,0.55)';
      t.strokeStyle = ink;
      t.fillStyle = ink;
      t.lineWidth = 1.5;
      if (style.pattern === 1 || style.pattern === 3) {
        t.beginPath();
        t.moveTo(-2, 10); t.lineTo(10, -2);
        t.moveTo(-2, 2); t.lineTo(2, -2);
        t.moveTo(6, 10); t.lineTo(10, 6);
        t.stroke();
      }
      if (style.pattern === 3) {
        t.beginPath();
        t.moveTo(-2, -2); t.lineTo(10, 10);
        t.moveTo(6, -2); t.lineTo(10, 2);
        t.moveTo(-2, 6); t.lineTo(2, 10);
        t.stroke();
      }
      if (style.pattern === 2) {
        t.beginPath();
        t.arc(2, 2, 1.3, 0, 2 * Math.PI);
        t.arc(6, 6, 1.3, 0, 2 * Math.PI);
        t.fill();
      }
      if (style.pattern === 4) t.fillRect(0, 3, 8, 2);
      pattern = ctx.createPattern(tile, 'repeat');
    }
    patternCache.set(key, pattern);
    return pattern;
  }

  /**
   * A small canvas filled like the bars of `style`, for legends.
   * @param {Style} style
   * @param {string} description what the swatch stands for
   */
  function swatch(style, description) {
    const element = document.createElement('canvas');
    element.width = 28;
    element.height = 14;
    element.className = 'swatch';
    element.dataset.color = style.color;
    element.dataset.pattern = PATTERN_NAMES[style.pattern];
    element.setAttribute('role', 'img');
    element.setAttribute('aria-label', `${description}: ${style.name}, ${PATTERN_NAMES[style.pattern]}`);
    const ctx = /** @type {CanvasRenderingContext2D} */ (element.getContext('2d'));
    ctx.fillStyle = style.color;
    ctx.fillRect(0, 0, 28, 14);
    const pattern = patternFor(ctx, style);
    if (pattern) {
      ctx.fillStyle = pattern;
      ctx.fillRect(0, 0, 28, 14);
    }
    return element;
  }

  // ── Rows of the timeline ──────────────────────────────────────────────────────────────────

  /** @type {Row[]} */
  const rows = [];
  let totalHeight = 0;

  /**
   * @param {Row['kind']} kind
   * @param {number} height
   * @param {Partial<Row>} fields
   */
  function addRow(kind, height, fields) {
    /** @type {Row} */
    const row = {
      kind, y: totalHeight, height, text: '', group: '', speaker: '', errorKind: '', style: null, turns: null, label: null, ...fields,
    };
    rows.push(row);
    totalHeight += height + (kind === 'speaker' || kind === 'error' ? LANE_GAP : 0);
    return row;
  }

  addRow('axis', AXIS_HEIGHT, { text: 'Time' });
  addRow('wave', WAVE_HEIGHT, { text: 'Audio' });
  if (comparison) addRow('heading', HEADING_HEIGHT, { text: 'Hypothesis' });
  data.speakers.forEach((speaker, i) => {
    addRow('speaker', LANE_HEIGHT, { group: 'hypothesis', speaker: speaker.label, style: speakerStyle(i), turns: turnList(data.turns, 3, i) });
  });
  const hypothesisRows = rows.filter((r) => r.group === 'hypothesis');
  const overlapList = turnList(data.overlap, 2, -1);
  if (comparison) {
    addRow('heading', HEADING_HEIGHT, { text: 'Reference' });
    comparison.speakers.forEach((speaker, i) => {
      addRow('speaker', LANE_HEIGHT, { group: 'reference', speaker: speaker.label, style: referenceStyle(speaker), turns: turnList(comparison.turns, 3, i) });
    });
    addRow('heading', HEADING_HEIGHT, { text: 'Errors' });
    ERROR_KINDS.forEach((kind, i) => {
      addRow('error', LANE_HEIGHT, { group: 'errors', errorKind: kind.key, text: kind.text, style: kind.style, turns: turnList(comparison.regions, 3, i) });
    });
  }
  totalHeight += 4;

  const envelope = data.envelope
    ? { step: data.envelope.step, peak: pyramid(decodeBase64(data.envelope.peak)), rms: pyramid(decodeBase64(data.envelope.rms)) }
    : null;

  // ── Lane labels (the accessible side of the lanes) ────────────────────────────────────────

  /** @param {Row} row */
  function laneDescription(row) {
    const list = /** @type {TurnList} */ (row.turns);
    let covered = 0;
    for (let i = 0; i < list.starts.length; i++) covered += list.ends[i] - list.starts[i];
    if (row.kind === 'error') return `${row.text}: ${plural(list.starts.length, 'region')}, ${formatDuration(covered)}`;
    const group = row.group === 'reference' ? 'Reference speaker' : 'Speaker';
    const mapped = row.group === 'reference' && comparison ? comparison.speakers.find((s) => s.label === row.speaker) : undefined;
    const mapping = mapped ? (mapped.mappedFrom ? `, matched with ${describeSpeaker(mapped.mappedFrom)}` : ', matched with no hypothesis speaker') : '';
    return `${group} ${row.group === 'reference' ? row.speaker : describeSpeaker(row.speaker)}: ${plural(list.starts.length, 'turn')}${mapping}`;
  }

  function renderLaneLabels() {
    laneLabels.replaceChildren();
    laneLabels.style.height = `${totalHeight}px`;
    for (const row of rows) {
      const label = document.createElement('div');
      label.className = `lane-label ${row.kind === 'heading' ? 'heading' : ''}`;
      label.style.top = `${row.y}px`;
      label.style.height = `${row.height}px`;
      const text = document.createElement('span');
      text.className = 'name';
      if (row.kind === 'speaker' || row.kind === 'error') {
        const list = /** @type {TurnList} */ (row.turns);
        label.setAttribute('role', 'listitem');
        label.dataset.group = row.group;
        if (row.kind === 'speaker') {
          label.dataset.speaker = row.speaker;
          label.dataset.turns = String(list.starts.length);
        } else {
          label.dataset.kind = row.errorKind;
          label.dataset.regions = String(list.starts.length);
        }
        label.appendChild(swatch(/** @type {Style} */ (row.style), row.kind === 'speaker' ? `colour of ${row.speaker}` : row.text));
        text.textContent = row.kind === 'speaker' ? (row.group === 'reference' ? row.speaker : nameOf(row.speaker)) : row.text;
        text.title = laneDescription(row);
        label.setAttribute('aria-label', laneDescription(row));
      } else {
        label.setAttribute('aria-hidden', 'true');
        text.textContent = row.text;
      }
      label.appendChild(text);
      row.label = label;
      laneLabels.appendChild(label);
    }
  }

  // ── Drawing ───────────────────────────────────────────────────────────────────────────────

  let cssWidth = 0;
  let drawPending = false;

  /** Pixels per second at the current zoom. */
  const scale = () => cssWidth / view.span;
  /** @param {number} t */
  const xOf = (t) => (t - view.start) * scale();
  /** @param {number} x */
  const timeAt = (x) => view.start + x / scale();

  function scheduleDraw() {
    if (drawPending) return;
    drawPending = true;
    requestAnimationFrame(() => {
      drawPending = false;
      draw();
    });
  }

  /**
   * Sets the visible range (clamped to the recording and the zoom limits) and redraws.
   * @param {number} start
   * @param {number} span
   */
  function setView(start, span) {
    view.span = Math.min(duration, Math.max(minSpan, span));
    view.start = Math.min(Math.max(0, start), duration - view.span);
    scheduleDraw();
  }

  /**
   * Zooms by `factor` (> 1 zooms in) keeping time `anchor` at the same place on screen.
   * @param {number} factor
   * @param {number} anchor
   */
  function zoom(factor, anchor) {
    const span = Math.min(duration, Math.max(minSpan, view.span / factor));
    const ratio = (anchor - view.start) / view.span;
    setView(anchor - ratio * span, span);
  }

  /** Where zooming from the keyboard or the buttons is centred: the playhead when visible, else the middle. */
  function zoomAnchor() {
    const t = audio.currentTime;
    return t >= view.start && t <= view.start + view.span ? t : view.start + view.span / 2;
  }

  function resize() {
    cssWidth = Math.max(1, stage.clientWidth);
    const ratio = window.devicePixelRatio || 1;
    for (const c of [canvas, overlay]) {
      c.width = Math.round(cssWidth * ratio);
      c.height = Math.round(totalHeight * ratio);
      c.style.width = `${cssWidth}px`;
      c.style.height = `${totalHeight}px`;
    }
    stage.style.height = `${totalHeight}px`;
    draw();
  }

  /** @param {HTMLCanvasElement} c */
  function context(c) {
    const ctx = /** @type {CanvasRenderingContext2D} */ (c.getContext('2d'));
    const ratio = c.width / cssWidth;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, cssWidth, totalHeight);
    return ctx;
  }

  /**
   * @param {CanvasRenderingContext2D} ctx
   * @param {Row} row
   */
  function drawAxis(ctx, row) {
    const perSecond = scale();
    const [step, minor] = TICK_STEPS.find(([s]) => s * perSecond >= MIN_TICK_SPACING) || TICK_STEPS[TICK_STEPS.length - 1];
    const decimals = step >= 1 ? 0 : step >= 0.1 ? 1 : 2;
    const end = view.start + view.span;
    ctx.fillStyle = '#f4f4f2';
    ctx.fillRect(0, row.y, cssWidth, row.height);
    ctx.strokeStyle = '#595959';
    ctx.fillStyle = '#1b1b1b';
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'top';
    ctx.beginPath();
    const minorStep = step / minor;
    for (let k = Math.ceil(view.start / minorStep); k * minorStep <= end; k++) {
      const t = k * minorStep;
      const x = Math.round(xOf(t)) + 0.5;
      const major = k % minor === 0;
      ctx.moveTo(x, row.y + row.height);
      ctx.lineTo(x, row.y + row.height - (major ? 9 : 4));
      if (major) ctx.fillText(formatTime(t, decimals, longForm), x + 3, row.y + 3);
    }
    ctx.stroke();
    timeline.dataset.tickStep = String(step);
  }

  /**
   * @param {CanvasRenderingContext2D} ctx
   * @param {Row} row
   */
  function drawWave(ctx, row) {
    const mid = row.y + row.height / 2;
    const half = row.height / 2 - 2;
    ctx.fillStyle = '#fbfbfa';
    ctx.fillRect(0, row.y, cssWidth, row.height);
    ctx.fillStyle = '#d0d0cc';
    ctx.fillRect(0, mid, cssWidth, 1);
    if (!envelope) return;
    const buckets = envelope.peak[0].length;
    for (const [levels, color] of /** @type {[Uint8Array[], string][]} */ ([[envelope.peak, '#a8a8a4'], [envelope.rms, '#4d4d4b']])) {
      ctx.fillStyle = color;
      ctx.beginPath();
      for (let x = 0; x < cssWidth; x++) {
        const from = Math.max(0, Math.floor(timeAt(x) / envelope.step));
        const to = Math.min(buckets, Math.max(from + 1, Math.ceil(timeAt(x + 1) / envelope.step)));
        if (from >= buckets) break;
        const h = (rangeMax(levels, from, to) / 255) * half;
        if (h > 0) ctx.rect(x, mid - h, 1, 2 * h);
      }
      ctx.fill();
    }
  }

  /**
   * Fills the visible intervals of a lane; neighbours closer than half a pixel are merged into one
   * rectangle, so a zoomed-out 4 h lane costs a few hundred rectangles, not thousands.
   * @param {CanvasRenderingContext2D} ctx
   * @param {TurnList} list
   * @param {number} y
   * @param {number} height
   * @param {Style | null} style
   * @param {string | CanvasPattern} fill used when `style` is null
   * @returns {number} intervals in view
   */
  function drawIntervals(ctx, list, y, height, style, fill) {
    const end = view.start + view.span;
    let count = 0;
    let left = NaN;
    let right = NaN;
    ctx.beginPath();
    for (let i = firstReaching(list, view.start); i < list.starts.length && list.starts[i] < end; i++) {
      if (list.ends[i] <= view.start) continue;
      count++;
      const x0 = Math.max(-1, xOf(list.starts[i]));
      const x1 = Math.min(cssWidth + 1, Math.max(xOf(list.ends[i]), x0 + 1));
      if (x0 <= right + 0.5) {
        right = Math.max(right, x1);
        continue;
      }
      if (right >= left) ctx.rect(left, y, right - left, height);
      left = x0;
      right = x1;
    }
    if (right >= left) ctx.rect(left, y, right - left, height);
    ctx.fillStyle = style ? style.color : fill;
    ctx.fill();
    const pattern = style ? patternFor(ctx, style) : null;
    if (pattern) {
      ctx.fillStyle = pattern;
      ctx.fill();
    }
    if (style) {
      ctx.strokeStyle = 'rgba(0,0,0,0.6)';
      ctx.lineWidth = 1;
      ctx.stroke();
    }
    return count;
  }

  /**
   * Overlapped speech: a shaded, hatched band across all hypothesis lanes wherever two or more
   * speakers talk at once, drawn over the bars so that it shows where the lanes coincide.
   * @param {CanvasRenderingContext2D} ctx
   */
  function drawOverlap(ctx) {
    if (hypothesisRows.length < 2 || overlapList.starts.length === 0) return;
    const top = hypothesisRows[0].y - 2;
    const last = hypothesisRows[hypothesisRows.length - 1];
    const height = last.y + last.height + 2 - top;
    ctx.globalAlpha = 0.14;
    drawIntervals(ctx, overlapList, top, height, null, '#000000');
    ctx.globalAlpha = 0.5;
    drawIntervals(ctx, overlapList, top, height, null, patternFor(ctx, OVERLAP_HATCH) || '#000000');
    ctx.globalAlpha = 1;
  }

  function draw() {
    const began = performance.now();
    const ctx = context(canvas);
    let drawn = 0;
    for (const row of rows) {
      if (row.kind === 'axis') drawAxis(ctx, row);
      else if (row.kind === 'wave') drawWave(ctx, row);
      else if (row.kind === 'heading') {
        ctx.fillStyle = '#d0d0cc';
        ctx.fillRect(0, row.y + row.height - 1, cssWidth, 1);
      } else if (row.turns) {
        ctx.fillStyle = row.kind === 'error' ? '#fbf7f2' : '#f7f7f5';
        ctx.fillRect(0, row.y, cssWidth, row.height);
        const count = drawIntervals(ctx, row.turns, row.y + 1, row.height - 2, row.style, '#000000');
        if (row.kind === 'speaker') drawn += count;
      }
    }
    drawOverlap(ctx);
    const end = view.start + view.span;
    timeline.dataset.viewStart = view.start.toFixed(3);
    timeline.dataset.viewEnd = end.toFixed(3);
    timeline.dataset.turnsInView = String(drawn);
    timeline.dataset.drawMs = (performance.now() - began).toFixed(2);
    viewRange.textContent = `Showing ${formatTime(view.start, 1, longForm)} – ${formatTime(end, 1, longForm)}`;
    const room = duration - view.span;
    pan.value = String(room > 0 ? Math.round((1000 * view.start) / room) : 0);
    pan.disabled = room <= 0;
    placeTurnButtons();
    drawOverlay();
  }

  function drawOverlay() {
    const ctx = context(overlay);
    const t = audio.currentTime;
    if (t < view.start || t > view.start + view.span) return;
    const x = Math.round(xOf(t)) + 0.5;
    ctx.lineWidth = 3;
    ctx.strokeStyle = '#ffffff';
    ctx.beginPath();
    ctx.moveTo(x, 0);
    ctx.lineTo(x, totalHeight);
    ctx.stroke();
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = '#000000';
    ctx.stroke();
  }

  // ── Turn buttons: the turns in view as focusable, labelled elements over their bars ───────

  /** @type {HTMLButtonElement[]} */
  const buttonPool = [];

  function placeTurnButtons() {
    const end = view.start + view.span;
    /** @type {{ row: Row, index: number }[]} */
    const visible = [];
    for (const row of rows) {
      if (row.kind !== 'speaker' || !row.turns) continue;
      const list = row.turns;
      for (let i = firstReaching(list, view.start); i < list.starts.length && list.starts[i] < end; i++) {
        if (list.ends[i] > view.start) visible.push({ row, index: i });
      }
    }
    const shown = visible.length <= MAX_TURN_BUTTONS ? visible : [];
    while (buttonPool.length < shown.length) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'turn';
      turnLayer.appendChild(button);
      buttonPool.push(button);
    }
    shown.forEach(({ row, index }, k) => {
      const list = /** @type {TurnList} */ (row.turns);
      const start = list.starts[index];
      const stop = list.ends[index];
      const button = buttonPool[k];
      const x0 = Math.max(0, xOf(start));
      const x1 = Math.min(cssWidth, xOf(stop));
      button.hidden = false;
      button.style.left = `${x0}px`;
      button.style.top = `${row.y}px`;
      button.style.width = `${Math.max(4, x1 - x0)}px`;
      button.style.height = `${row.height}px`;
      button.dataset.start = String(start);
      button.dataset.end = String(stop);
      button.dataset.group = row.group;
      button.dataset.speaker = row.speaker;
      const who = row.group === 'reference' ? `reference speaker ${row.speaker}` : describeSpeaker(row.speaker);
      button.setAttribute('aria-label', `${who}, ${formatTime(start, 1, longForm)} to ${formatTime(stop, 1, longForm)} (${formatDuration(stop - start)}): play from here`);
    });
    for (let k = shown.length; k < buttonPool.length; k++) buttonPool[k].hidden = true;
    const note = byId('turn-note');
    const message = visible.length > MAX_TURN_BUTTONS ? `${visible.length} turns in view: zoom in to list them one by one.` : `${visible.length} turns in view.`;
    if (note.textContent !== message) note.textContent = message;
  }

  // ── Player ────────────────────────────────────────────────────────────────────────────────

  /** @param {number} t */
  function seek(t) {
    audio.currentTime = Math.min(Math.max(0, t), duration);
    followPlayhead(true);
    drawOverlay();
    updateClock();
    syncTranscript();
  }

  /** @param {number} t */
  function playFrom(t) {
    seek(t);
    play();
  }

  function play() {
    const started = audio.play();
    if (started) {
      started.catch((/** @type {Error} */ err) => {
        status.textContent = `The audio cannot be played here (${err.name}: ${err.message}).`;
      });
    }
  }

  function togglePlay() {
    if (audio.paused) play();
    else audio.pause();
  }

  /**
   * Keeps the playhead in view: while playing, pages forward when it leaves the right edge; on a
   * seek (`jump`), brings it into view wherever it is.
   * @param {boolean} jump
   */
  function followPlayhead(jump) {
    const t = audio.currentTime;
    const end = view.start + view.span;
    if (t >= view.start && t <= end) return;
    if (jump || (t > end && t - end < view.span / 4)) setView(t - view.span * 0.1, view.span);
  }

  function updateClock() {
    const text = `${formatTime(audio.currentTime, 1, longForm)} / ${formatTime(duration, 1, longForm)}`;
    if (clock.textContent !== text) clock.textContent = text;
    const label = audio.paused ? 'Play' : 'Pause';
    if (playButton.textContent !== label) playButton.textContent = label;
  }

  /** Playhead, clock and transcript follow the audio. */
  function refresh() {
    followPlayhead(false);
    drawOverlay();
    updateClock();
    syncTranscript();
  }

  let animating = false;

  /** While playing, refreshes once per frame (one loop at a time). */
  function animate() {
    refresh();
    animating = !audio.paused;
    if (animating) requestAnimationFrame(animate);
  }

  function setUpAudio() {
    audio.src = data.audio.src;
    audio.addEventListener('play', () => {
      if (!animating) {
        animating = true;
        requestAnimationFrame(animate);
      }
    });
    for (const event of ['pause', 'seeked', 'timeupdate', 'ended']) audio.addEventListener(event, refresh);
    audio.addEventListener('error', () => {
      status.textContent = data.audio.embedded
        ? 'The embedded audio cannot be decoded by this browser.'
        : `The audio was not found next to this report (it is linked as "${decodeURIComponent(data.audio.src)}", relative to this file); keep the two together.`;
    });
    playButton.addEventListener('click', togglePlay);
    byId('zoom-in').addEventListener('click', () => zoom(ZOOM_STEP, zoomAnchor()));
    byId('zoom-out').addEventListener('click', () => zoom(1 / ZOOM_STEP, zoomAnchor()));
    byId('zoom-fit').addEventListener('click', () => setView(0, duration));
    pan.addEventListener('input', () => setView((Number(pan.value) / 1000) * (duration - view.span), view.span));
  }

  // ── Pointer: click to play, drag to pan, Ctrl + wheel to zoom ─────────────────────────────

  /**
   * The turn (or error region) under a point of the stage, with a few pixels of tolerance.
   * @param {number} x
   * @param {number} y
   */
  function intervalAt(x, y) {
    const row = rows.find((r) => r.turns && y >= r.y && y < r.y + r.height);
    if (!row || !row.turns) return null;
    const list = row.turns;
    const t = timeAt(x);
    const tolerance = 3 / scale();
    let best = null;
    for (let i = firstReaching(list, t - tolerance); i < list.starts.length && list.starts[i] <= t + tolerance; i++) {
      if (list.ends[i] < t - tolerance) continue;
      const distance = t < list.starts[i] ? list.starts[i] - t : t > list.ends[i] ? t - list.ends[i] : 0;
      if (!best || distance < best.distance) best = { start: list.starts[i], distance };
    }
    return best;
  }

  function setUpPointer() {
    /** @type {{ x: number, start: number, id: number, moved: boolean } | null} */
    let drag = null;
    let suppressClick = false;
    stage.addEventListener('pointerdown', (event) => {
      if (event.button !== 0) return;
      drag = { x: event.clientX, start: view.start, id: event.pointerId, moved: false };
    });
    stage.addEventListener('pointermove', (event) => {
      if (!drag || event.pointerId !== drag.id) return;
      const dx = event.clientX - drag.x;
      if (!drag.moved && Math.abs(dx) < CLICK_SLOP) return;
      if (!drag.moved) {
        drag.moved = true;
        stage.setPointerCapture(event.pointerId);
        stage.classList.add('dragging');
      }
      setView(drag.start - dx / scale(), view.span);
    });
    const endDrag = () => {
      if (drag && drag.moved) suppressClick = true;
      drag = null;
      stage.classList.remove('dragging');
    };
    stage.addEventListener('pointerup', endDrag);
    stage.addEventListener('pointercancel', endDrag);
    stage.addEventListener('click', (event) => {
      if (suppressClick) {
        suppressClick = false;
        return;
      }
      const target = /** @type {HTMLElement} */ (event.target);
      if (target instanceof HTMLButtonElement && target.dataset.start !== undefined) {
        playFrom(Number(target.dataset.start));
        return;
      }
      const box = stage.getBoundingClientRect();
      const x = event.clientX - box.left;
      const hit = intervalAt(x, event.clientY - box.top);
      playFrom(hit ? hit.start : timeAt(x));
    });
    stage.addEventListener('wheel', (event) => {
      const box = stage.getBoundingClientRect();
      if (event.ctrlKey || event.metaKey) {
        event.preventDefault();
        zoom(Math.exp(-event.deltaY * 0.002), timeAt(event.clientX - box.left));
      } else if (event.shiftKey || Math.abs(event.deltaX) > Math.abs(event.deltaY)) {
        event.preventDefault();
        const delta = event.shiftKey && event.deltaX === 0 ? event.deltaY : event.deltaX;
        setView(view.start + delta / scale(), view.span);
      }
    }, { passive: false });
    new ResizeObserver(resize).observe(stage);
  }

  // ── Keyboard ──────────────────────────────────────────────────────────────────────────────

  function setUpKeyboard() {
    document.addEventListener('keydown', (event) => {
      const target = /** @type {HTMLElement} */ (event.target);
      const tag = target.tagName;
      if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || tag === 'AUDIO' || target.isContentEditable) return;
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      const onButton = tag === 'BUTTON';
      let handled = true;
      switch (event.key) {
        case ' ':
          if (onButton) return; // a focused button is pressed with space
          togglePlay();
          break;
        case 'ArrowLeft':
        case 'ArrowRight': {
          const direction = event.key === 'ArrowLeft' ? -1 : 1;
          if (event.shiftKey) setView(view.start + direction * view.span * 0.2, view.span);
          else seek(audio.currentTime + direction * SEEK_STEP);
          break;
        }
        case '+':
        case '=':
          zoom(ZOOM_STEP, zoomAnchor());
          break;
        case '-':
        case '_':
          zoom(1 / ZOOM_STEP, zoomAnchor());
          break;
        case '0':
          setView(0, duration);
          break;
        case 'Home':
          seek(0);
          break;
        case 'End':
          seek(duration);
          break;
        default:
          handled = false;
      }
      if (handled) event.preventDefault();
    });
  }

  // ── Speaker names, kept in the URL hash ───────────────────────────────────────────────────

  const NAME_PREFIX = 'name.';

  /** The names the page was made with (`--speaker-names`), then the hash's: `name.LABEL=Name`, an empty name undoing one. */
  function readNamesFromHash() {
    names.clear();
    for (const [label, name] of Object.entries(data.names)) names.set(label, name);
    const params = new URLSearchParams(location.hash.slice(1));
    for (const [key, value] of params) {
      if (!key.startsWith(NAME_PREFIX)) continue;
      const label = key.slice(NAME_PREFIX.length);
      if (value.trim()) names.set(label, value.trim());
      else names.delete(label);
    }
  }

  /** Keeps in the hash every name that differs from what the page was made with. */
  function writeNamesToHash() {
    const params = new URLSearchParams(location.hash.slice(1));
    for (const key of [...params.keys()]) if (key.startsWith(NAME_PREFIX)) params.delete(key);
    for (const label of new Set([...Object.keys(data.names), ...names.keys()])) {
      const name = names.get(label) || '';
      if (name !== (data.names[label] || '')) params.set(NAME_PREFIX + label, name);
    }
    const hash = params.toString();
    const url = `${location.pathname}${location.search}${hash ? `#${hash}` : ''}`;
    try {
      history.replaceState(null, '', url);
    } catch {
      location.hash = hash; // browsers that refuse replaceState on file: pages
    }
  }

  /** Shows the current names everywhere a speaker appears. */
  function applyNames() {
    for (const row of rows) {
      if (!row.label || row.kind !== 'speaker') continue;
      const text = /** @type {HTMLElement} */ (row.label.querySelector('.name'));
      text.textContent = row.group === 'reference' ? row.speaker : nameOf(row.speaker);
      text.title = laneDescription(row);
      row.label.setAttribute('aria-label', laneDescription(row));
    }
    for (const cell of document.querySelectorAll('[data-name-of]')) {
      const label = /** @type {HTMLElement} */ (cell).dataset.nameOf || '';
      cell.textContent = nameOf(label);
      /** @type {HTMLElement} */ (cell).title = describeSpeaker(label);
    }
    for (const input of /** @type {NodeListOf<HTMLInputElement>} */ (document.querySelectorAll('input[data-rename]'))) {
      const label = input.dataset.rename || '';
      if (document.activeElement !== input) input.value = names.get(label) || '';
    }
    placeTurnButtons();
  }

  // ── Summary table ─────────────────────────────────────────────────────────────────────────

  /**
   * @param {string} text
   * @param {string} [className]
   */
  function cell(text, className) {
    const td = document.createElement('td');
    td.textContent = text;
    if (className) td.className = className;
    return td;
  }

  /**
   * A table row starting with a colour swatch and the speaker's label as the row header.
   * @param {Style} style
   * @param {string} label
   * @param {string} description what the swatch stands for
   */
  function speakerRow(style, label, description) {
    const tr = document.createElement('tr');
    tr.dataset.speaker = label;
    const colour = document.createElement('td');
    colour.appendChild(swatch(style, description));
    tr.appendChild(colour);
    const header = document.createElement('th');
    header.scope = 'row';
    header.className = 'label';
    header.textContent = label;
    header.title = label;
    tr.appendChild(header);
    return tr;
  }

  function renderSpeakerTable() {
    const body = byId('speaker-rows');
    body.replaceChildren();
    if (data.speakers.length === 0) {
      const tr = document.createElement('tr');
      const td = cell('No speech found');
      td.colSpan = 7;
      tr.appendChild(td);
      body.appendChild(tr);
      return;
    }
    let renameTimer = 0;
    data.speakers.forEach((speaker, i) => {
      const tr = speakerRow(speakerStyle(i), speaker.label, `colour of ${speaker.label}`);
      const nameCell = document.createElement('td');
      const input = document.createElement('input');
      input.type = 'text';
      input.dataset.rename = speaker.label;
      input.placeholder = speaker.label;
      input.setAttribute('aria-label', `Name for ${speaker.label}`);
      input.addEventListener('input', () => {
        const name = input.value.trim();
        if (name) names.set(speaker.label, name);
        else names.delete(speaker.label);
        applyNames();
        clearTimeout(renameTimer);
        renameTimer = window.setTimeout(writeNamesToHash, 250);
      });
      input.addEventListener('change', writeNamesToHash);
      nameCell.appendChild(input);
      tr.appendChild(nameCell);
      tr.appendChild(cell(formatDuration(speaker.talkTime), 'number'));
      tr.appendChild(cell(formatPercent(speaker.share), 'number'));
      tr.appendChild(cell(String(speaker.turns), 'number'));
      tr.appendChild(cell(formatDuration(speaker.longestTurn), 'number'));
      body.appendChild(tr);
    });
  }

  function renderComparison() {
    if (!comparison) return;
    byId('comparison').hidden = false;
    const counts = comparison.regionCounts;
    byId('comparison-summary').textContent = `DER ${formatPercent(comparison.der)} of ${formatDuration(comparison.total)} of reference speech`
      + ` (collar ${comparison.collar} s${comparison.skipOverlap ? ', overlap not scored' : ''}): missed ${comparison.missedDetection.toFixed(3)} s in ${plural(counts.missed, 'region')},`
      + ` false alarm ${comparison.falseAlarm.toFixed(3)} s in ${plural(counts.falseAlarm, 'region')}, confusion ${comparison.confusion.toFixed(3)} s in ${plural(counts.confusion, 'region')}.`;
    byId('score-table').textContent = comparison.table;
    const legend = byId('error-legend');
    for (const kind of ERROR_KINDS) {
      const li = document.createElement('li');
      li.appendChild(swatch(kind.style, kind.text));
      const text = document.createElement('span');
      text.textContent = `${kind.text}: ${kind.help}`;
      li.appendChild(text);
      legend.appendChild(li);
    }
    const body = byId('reference-rows');
    for (const speaker of comparison.speakers) {
      const tr = speakerRow(referenceStyle(speaker), speaker.label, `colour of reference speaker ${speaker.label}`);
      const mapped = cell(speaker.mappedFrom ? nameOf(speaker.mappedFrom) : '—', 'label');
      if (speaker.mappedFrom) mapped.dataset.nameOf = speaker.mappedFrom;
      tr.appendChild(mapped);
      tr.appendChild(cell(formatDuration(speaker.talkTime), 'number'));
      tr.appendChild(cell(String(speaker.turns), 'number'));
      body.appendChild(tr);
    }
  }

  // ── Transcript ────────────────────────────────────────────────────────────────────────────

  /** @type {{ item: HTMLElement, words: { element: HTMLElement, start: number, end: number }[] }[]} */
  const transcriptItems = [];
  let currentItem = -1;
  /** @type {HTMLElement | null} */
  let currentWord = null;

  function renderTranscript() {
    const segments = data.transcript;
    if (!segments) return;
    byId('transcript-section').hidden = false;
    const list = byId('transcript');
    list.dataset.segments = String(segments.length);
    for (const segment of segments) {
      const item = document.createElement('li');
      item.dataset.start = String(segment.start);
      item.dataset.end = String(segment.end);
      const time = document.createElement('button');
      time.type = 'button';
      time.className = 'time';
      time.textContent = formatTime(segment.start, 1, longForm);
      time.setAttribute('aria-label', `Play from ${formatTime(segment.start, 1, longForm)}`);
      time.addEventListener('click', () => playFrom(segment.start));
      item.appendChild(time);
      const who = document.createElement('span');
      who.className = 'who';
      if (segment.speaker) {
        const index = speakerIndex.get(segment.speaker);
        if (index !== undefined) who.appendChild(swatch(speakerStyle(index), `colour of ${segment.speaker}`));
        const name = document.createElement('span');
        name.dataset.nameOf = segment.speaker;
        name.textContent = nameOf(segment.speaker);
        name.title = describeSpeaker(segment.speaker);
        who.appendChild(name);
      }
      item.appendChild(who);
      const text = document.createElement('span');
      text.className = 'text';
      /** @type {{ element: HTMLElement, start: number, end: number }[]} */
      const words = [];
      if (segment.words && segment.words.length > 0) {
        for (const word of segment.words) {
          const span = document.createElement('span');
          span.className = 'word';
          span.textContent = word.word;
          text.appendChild(span);
          if (word.start !== undefined && word.end !== undefined) words.push({ element: span, start: word.start, end: word.end });
        }
      } else {
        text.textContent = segment.text;
      }
      item.appendChild(text);
      list.appendChild(item);
      transcriptItems.push({ item, words });
    }
  }

  /** Highlights the transcript segment (and word) being played and keeps it in view. */
  function syncTranscript() {
    const segments = data.transcript;
    if (!segments || segments.length === 0) return;
    const t = audio.currentTime;
    // last segment starting at or before t
    let lo = 0;
    let hi = segments.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (segments[mid].start <= t) lo = mid + 1;
      else hi = mid;
    }
    const index = lo > 0 && t < segments[lo - 1].end ? lo - 1 : -1;
    if (index !== currentItem) {
      if (currentItem >= 0) {
        transcriptItems[currentItem].item.classList.remove('current');
        transcriptItems[currentItem].item.removeAttribute('aria-current');
      }
      currentItem = index;
      if (index >= 0) {
        const { item } = transcriptItems[index];
        item.classList.add('current');
        item.setAttribute('aria-current', 'true');
        const list = byId('transcript');
        const follow = /** @type {HTMLInputElement} */ (byId('follow'));
        const top = item.offsetTop;
        if (follow.checked && (top < list.scrollTop || top + item.offsetHeight > list.scrollTop + list.clientHeight)) {
          list.scrollTop = top - list.clientHeight / 3;
        }
      }
    }
    const word = index >= 0 ? transcriptItems[index].words.find((w) => w.start <= t && t < w.end) : undefined;
    const element = word ? word.element : null;
    if (element !== currentWord) {
      if (currentWord) currentWord.classList.remove('current');
      if (element) element.classList.add('current');
      currentWord = element;
    }
  }

  // ── Start ─────────────────────────────────────────────────────────────────────────────────

  function renderHeader() {
    byId('report-title').textContent = data.title;
    const turns = data.turns.length / 3;
    let overlap = 0;
    for (let i = 0; i < data.overlap.length; i += 2) overlap += data.overlap[i + 1] - data.overlap[i];
    const facts = [
      formatDuration(duration),
      plural(data.speakers.length, 'speaker'),
      plural(turns, 'turn'),
      `overlapped speech ${formatDuration(overlap)}`,
      data.audio.embedded ? 'audio embedded in this file' : `audio linked: ${decodeURIComponent(data.audio.src)}`,
    ];
    byId('report-facts').textContent = facts.join(' · ');
    timeline.dataset.speakerLanes = String(hypothesisRows.length);
    timeline.dataset.referenceLanes = String(rows.filter((r) => r.group === 'reference').length);
    timeline.dataset.turns = String(turns);
    timeline.dataset.duration = String(duration);
    const empty = byId('empty-message');
    if (turns === 0) {
      empty.hidden = false;
      empty.style.top = `${AXIS_HEIGHT + WAVE_HEIGHT + 8}px`;
      totalHeight = Math.max(totalHeight, AXIS_HEIGHT + WAVE_HEIGHT + 48);
    }
  }

  readNamesFromHash();
  renderHeader();
  renderLaneLabels();
  renderSpeakerTable();
  renderComparison();
  renderTranscript();
  applyNames();
  setUpAudio();
  setUpPointer();
  setUpKeyboard();
  window.addEventListener('hashchange', () => {
    readNamesFromHash();
    applyNames();
  });
  resize();
  updateClock();
  timeline.dataset.readyMs = performance.now().toFixed(0); // since navigation started
  timeline.dataset.ready = 'true';
})();

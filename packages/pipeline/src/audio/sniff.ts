// What a file looks like from its first bytes (magic numbers), to route WAV to the built-in reader
// and to name the format in errors when FFmpeg is needed but absent.

/** A container/codec guess from the leading bytes. */
export interface SniffedFormat {
  /** Short id: `wav`, `mp3`, `aac`, `mp4`, `webm`, `matroska`, `ogg`, `flac`, …, or `unknown`. */
  id: string;
  /** Human-readable name for messages, e.g. "MP4/M4A (ftyp brand 'M4A ')". */
  description: string;
}

/** Leading bytes `sniffFormat` looks at (enough for every magic number it knows). */
export const SNIFF_BYTES = 64;

const ascii = (b: Uint8Array, from: number, length: number): string => {
  let s = '';
  for (let i = from; i < Math.min(b.length, from + length); i++) s += String.fromCharCode(b[i]);
  return s;
};

const contains = (b: Uint8Array, text: string): boolean => ascii(b, 0, b.length).includes(text);

/**
 * Guesses the container (and, where the header says it, the codec) of a recording from its first
 * bytes — the same magic numbers FFmpeg's probes start from. Give at least `SNIFF_BYTES` bytes when
 * the file has them.
 */
export function sniffFormat(head: Uint8Array): SniffedFormat {
  const tag = ascii(head, 0, 4);
  const sub = ascii(head, 8, 4);
  if ((tag === 'RIFF' || tag === 'RIFX' || tag === 'RF64') && sub === 'WAVE') return { id: 'wav', description: tag === 'RIFF' ? 'WAV' : `WAV (${tag})` };
  if (tag === 'RIFF' && sub === 'AVI ') return { id: 'avi', description: 'AVI video' };
  if (tag === 'FORM' && (sub === 'AIFF' || sub === 'AIFC')) return { id: 'aiff', description: 'AIFF' };
  if (tag === 'fLaC') return { id: 'flac', description: 'FLAC' };
  if (tag === 'OggS') {
    const codec = contains(head, 'OpusHead') ? 'Opus' : contains(head, 'vorbis') ? 'Vorbis' : contains(head, 'FLAC') ? 'FLAC' : contains(head, 'Speex') ? 'Speex' : undefined;
    return { id: 'ogg', description: codec ? `Ogg ${codec}` : 'Ogg' };
  }
  if (head.length >= 4 && head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) {
    return contains(head, 'webm') ? { id: 'webm', description: 'WebM (Matroska)' } : { id: 'matroska', description: 'Matroska (MKV/MKA)' };
  }
  if (ascii(head, 4, 4) === 'ftyp') {
    const brand = ascii(head, 8, 4);
    if (brand === 'qt  ') return { id: 'mov', description: "QuickTime MOV (ftyp brand 'qt  ')" };
    if (brand.startsWith('3g')) return { id: '3gp', description: `3GP (ftyp brand '${brand}')` };
    return { id: 'mp4', description: `MP4/M4A (ftyp brand '${brand}')` };
  }
  if (ascii(head, 0, 3) === 'ID3') return { id: 'mp3', description: 'MP3 (ID3 tag)' };
  if (head.length >= 2 && head[0] === 0xff && (head[1] & 0xf6) === 0xf0) return { id: 'aac', description: 'AAC (ADTS)' };
  if (head.length >= 2 && head[0] === 0xff && (head[1] & 0xe0) === 0xe0) return { id: 'mp3', description: 'MPEG audio (MP3)' };
  if (ascii(head, 0, 5) === '#!AMR') return { id: 'amr', description: 'AMR' };
  if (tag === '.snd') return { id: 'au', description: 'Sun AU' };
  if (tag === 'caff') return { id: 'caf', description: 'Core Audio Format (CAF)' };
  if (tag === 'wvpk') return { id: 'wavpack', description: 'WavPack' };
  if (tag === 'MAC ') return { id: 'ape', description: "Monkey's Audio (APE)" };
  if (head.length >= 4 && head[0] === 0x30 && head[1] === 0x26 && head[2] === 0xb2 && head[3] === 0x75) return { id: 'asf', description: 'ASF (WMA/WMV)' };
  return { id: 'unknown', description: 'an unknown format' };
}

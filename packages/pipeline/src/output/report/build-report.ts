// `dia report`: an audio file and its diarization (plus, optionally, a reference and a transcript)
// → one self-contained HTML page.
import { dirname } from 'node:path';
import type { DerOptions } from '@dia/rttm';
import { assignSpeakers, type AssignSpeakersOptions, type SpeakerNames, type Transcript } from '@dia/transcript';
import { loadAudio } from '../../audio/load';
import { SAMPLE_RATE } from '../../geometry/sliding-window';
import { audioSource, DEFAULT_EMBED_LIMIT } from './audio-source';
import type { Diarization } from './diarization-file';
import { audioEnvelope } from './envelope';
import { renderReportHtml } from './html';
import { reportData } from './report-data';

export interface ReportOptions {
  /** The recording (its path: the page embeds or links this file). */
  audio: string;
  /** The diarization to show (e.g. `diarize()`'s result, or `parseDiarizations` of a JSON/RTTM file). */
  diarization: Diarization;
  /** Where the report will be written; a linked audio file's path is relative to its directory. Default: `./report.html`. */
  reportPath?: string;
  /** Audio files up to this many bytes are embedded (default `DEFAULT_EMBED_LIMIT`, 20 MiB; 0: always link). */
  embedLimit?: number;
  /** The recording already decoded to 16 kHz mono (saves decoding it again for the energy strip). */
  samples?: Float32Array;
  /** A reference diarization: shown beside the hypothesis, with error regions and DER. */
  reference?: Diarization;
  /** How the comparison is scored, as `dia score` (`collar`, `skipOverlap`). */
  score?: DerOptions;
  /**
   * A transcript to show synced to playback (`@dia/transcript`'s `readTranscript` reads ASR
   * output). Its segments and words are attributed to the diarization's speakers with
   * `assignSpeakers` (whisperX's rule; segments are not split).
   */
  transcript?: Transcript;
  /** How the transcript is attributed (`turns`, `fillNearest`; see `assignSpeakers`). */
  attribution?: AssignSpeakersOptions;
  /** Names shown for speaker labels at first (`{ SPEAKER_00: 'Ada' }`); renaming in the page overrides them. */
  names?: SpeakerNames;
  /** Page title (default: the diarization's uri). */
  title?: string;
}

/**
 * Builds the HTML report of a diarization: a timeline with one lane per speaker over an energy
 * strip of the audio (decoded with the pipeline's audio loader), a player, a per-speaker summary,
 * and optionally a comparison with a reference and a transcript. The page is self-contained (CSS,
 * script and data inline; audio embedded up to `embedLimit`, else linked by relative path) and
 * makes no network requests.
 */
export async function buildReport(options: ReportOptions): Promise<string> {
  const samples = options.samples ?? (await loadAudio(options.audio));
  return renderReportHtml(reportData({
    diarization: options.diarization,
    audio: audioSource(options.audio, dirname(options.reportPath ?? 'report.html'), options.embedLimit ?? DEFAULT_EMBED_LIMIT),
    audioDuration: samples.length / SAMPLE_RATE,
    envelope: audioEnvelope(samples, SAMPLE_RATE),
    reference: options.reference,
    score: options.score,
    transcript: options.transcript && assignSpeakers(options.transcript, options.diarization, { split: false, ...options.attribution }).segments,
    names: options.names,
    title: options.title,
  }));
}

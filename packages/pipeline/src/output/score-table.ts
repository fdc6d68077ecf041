// The table `dia score` prints (and `dia report --reference` shows): DER components per file and in total.
import { formatFixed, type DerResult } from '@dia/rttm';

/** One scored file: its DER result and Jaccard error rate. */
export interface ScoredFile {
  uri: string;
  der: Pick<DerResult, 'der' | 'missedDetection' | 'falseAlarm' | 'confusion' | 'total'>;
  jer: number;
}

/**
 * Tab-separated DER table: a header, one row per file (DER and JER in %, missed, false alarm,
 * confusion and total in seconds, 3 decimals like Python's `{:.3f}`), and a TOTAL row whose DER is
 * the sum of the errors over the sum of the totals.
 */
export function formatScoreTable(files: ScoredFile[]): string {
  const f = (x: number) => formatFixed(x, 3);
  const total = { missed: 0, fa: 0, conf: 0, total: 0 };
  let text = 'uri\tDER\tJER\tmissed\tfalse_alarm\tconfusion\ttotal\n';
  for (const { uri, der: r, jer } of files) {
    total.missed += r.missedDetection; total.fa += r.falseAlarm; total.conf += r.confusion; total.total += r.total;
    text += `${uri}\t${formatFixed(100 * r.der, 2)}%\t${formatFixed(100 * jer, 2)}%\t${f(r.missedDetection)}\t${f(r.falseAlarm)}\t${f(r.confusion)}\t${f(r.total)}\n`;
  }
  const der = total.total === 0 ? 0 : (total.missed + total.fa + total.conf) / total.total;
  return `${text}TOTAL\t${formatFixed(100 * der, 2)}%\t-\t${f(total.missed)}\t${f(total.fa)}\t${f(total.conf)}\t${f(total.total)}\n`;
}

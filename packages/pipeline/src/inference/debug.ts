// Debug log of the inference stage: printed on stderr when DEBUG names it (DEBUG=dia:embedding, dia:*, *).

/** Writes `dia:<topic> message` to stderr when the DEBUG environment variable enables the topic. */
export function debugLog(topic: string, message: string): void {
  const enabled = process.env.DEBUG?.split(',').map((d) => d.trim());
  if (enabled?.some((d) => d === `dia:${topic}` || d === 'dia:*' || d === '*')) console.error(`dia:${topic} ${message}`);
}

#!/usr/bin/env node
// Entry point of the `dia-queue` executable (`dia worker|enqueue|jobs` runs the same main).
import { main } from './main';

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});

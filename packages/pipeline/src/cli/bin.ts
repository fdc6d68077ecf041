#!/usr/bin/env node
// Entry point of the `dia` executable.
import { main } from './main';

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});

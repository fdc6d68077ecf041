// Not implemented yet: this package exports nothing so far.
export {};

/**
 * Provenance of a reference row: `source` = a public document says so; `inferred` = a plausible
 * fill-in no source confirmed; `demo` = invented for demonstration (names, shapes).
 */
export type RefStatus = 'source' | 'inferred' | 'demo';

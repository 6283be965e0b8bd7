import type { ValueTransformer } from 'typeorm';

/** MariaDB returns DECIMAL as a string, SQLite as a number: one transformer gives numbers on both. */
export const decimalTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? null : Number(value)),
};

/** Booleans as tinyint/integer on both engines. */
export const boolTransformer: ValueTransformer = {
  to: (value: boolean | null | undefined) => (value === null || value === undefined ? value : value ? 1 : 0),
  from: (value: number | boolean | null) => (value === null ? null : Boolean(value)),
};

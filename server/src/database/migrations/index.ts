import { InitialSchemaMariadb1764230000000 } from './mariadb/1764230000000-InitialSchema.js';
import { InitialSchemaSqlite1764230000000 } from './sqlite/1764230000000-InitialSchema.js';

/**
 * Migrations per engine (stack.md, trap 7), listed as classes rather than a glob so that the
 * compiled server, the jest run and the TypeORM CLI all load exactly the same set.
 */
export const MARIADB_MIGRATIONS = [InitialSchemaMariadb1764230000000];
export const SQLITE_MIGRATIONS = [InitialSchemaSqlite1764230000000];

import { InitialSchemaMariadb1764230000000 } from './mariadb/1764230000000-InitialSchema.js';
import { CasesMariadb1764240000000 } from './mariadb/1764240000000-Cases.js';
import { PatrolsMariadb1764250000000 } from './mariadb/1764250000000-Patrols.js';
import { EvaluationsMariadb1764260000000 } from './mariadb/1764260000000-Evaluations.js';
import { FigureIndexesMariadb1764270000000 } from './mariadb/1764270000000-FigureIndexes.js';
import { CaseDeadEndsMariadb1764300000000 } from './mariadb/1764300000000-CaseDeadEnds.js';
import { SecurityMariadb1764330000000 } from './mariadb/1764330000000-Security.js';
import { MonthFiguresMariadb1764340000000 } from './mariadb/1764340000000-MonthFigures.js';
import { Open311Mariadb1764350000000 } from './mariadb/1764350000000-Open311.js';
import { BulletinWordingMariadb1764360000000 } from './mariadb/1764360000000-BulletinWording.js';
import { DuplicateIndexesMariadb1764361000000 } from './mariadb/1764361000000-DuplicateIndexes.js';
import { NotificationsMariadb1764390000000 } from './mariadb/1764390000000-Notifications.js';
import { NotificationsSqlite1764390000000 } from './sqlite/1764390000000-Notifications.js';
import { MediaCopyJobsMariadb1764400000000 } from './mariadb/1764400000000-MediaCopyJobs.js';
import { MediaCopyJobsSqlite1764400000000 } from './sqlite/1764400000000-MediaCopyJobs.js';
import { PrivacyMariadb1764380000000 } from './mariadb/1764380000000-Privacy.js';
import { InitialSchemaSqlite1764230000000 } from './sqlite/1764230000000-InitialSchema.js';
import { CasesSqlite1764240000000 } from './sqlite/1764240000000-Cases.js';
import { PatrolsSqlite1764250000000 } from './sqlite/1764250000000-Patrols.js';
import { EvaluationsSqlite1764260000000 } from './sqlite/1764260000000-Evaluations.js';
import { FigureIndexesSqlite1764270000000 } from './sqlite/1764270000000-FigureIndexes.js';
import { CaseDeadEndsSqlite1764300000000 } from './sqlite/1764300000000-CaseDeadEnds.js';
import { SecuritySqlite1764330000000 } from './sqlite/1764330000000-Security.js';
import { MonthFiguresSqlite1764340000000 } from './sqlite/1764340000000-MonthFigures.js';
import { Open311Sqlite1764350000000 } from './sqlite/1764350000000-Open311.js';
import { BulletinWordingSqlite1764360000000 } from './sqlite/1764360000000-BulletinWording.js';
import { DuplicateIndexesSqlite1764361000000 } from './sqlite/1764361000000-DuplicateIndexes.js';
import { PrivacySqlite1764380000000 } from './sqlite/1764380000000-Privacy.js';

/**
 * Migrations per engine (stack.md, trap 7), listed as classes rather than a glob so that the
 * compiled server, the jest run and the TypeORM CLI all load exactly the same set.
 * New ones: generate the SQL for both engines (TypeORM's schema builder log) and add them here.
 */
export const MARIADB_MIGRATIONS = [
  InitialSchemaMariadb1764230000000,
  CasesMariadb1764240000000,
  PatrolsMariadb1764250000000,
  EvaluationsMariadb1764260000000,
  FigureIndexesMariadb1764270000000,
  CaseDeadEndsMariadb1764300000000,
  SecurityMariadb1764330000000,
  MonthFiguresMariadb1764340000000,
  Open311Mariadb1764350000000,
  BulletinWordingMariadb1764360000000,
  DuplicateIndexesMariadb1764361000000,
  PrivacyMariadb1764380000000,
  NotificationsMariadb1764390000000,
  MediaCopyJobsMariadb1764400000000,
];
export const SQLITE_MIGRATIONS = [
  InitialSchemaSqlite1764230000000,
  CasesSqlite1764240000000,
  PatrolsSqlite1764250000000,
  EvaluationsSqlite1764260000000,
  FigureIndexesSqlite1764270000000,
  CaseDeadEndsSqlite1764300000000,
  SecuritySqlite1764330000000,
  MonthFiguresSqlite1764340000000,
  Open311Sqlite1764350000000,
  BulletinWordingSqlite1764360000000,
  DuplicateIndexesSqlite1764361000000,
  PrivacySqlite1764380000000,
  NotificationsSqlite1764390000000,
  MediaCopyJobsSqlite1764400000000,
];

import { RefreshToken } from '../auth/refresh-token.entity.js';
import { CalendarDay } from '../calendar/calendar-day.entity.js';
import { Case, CaseCounter, CaseHistory, IdempotencyKey } from '../cases/case.entity.js';
import { Category } from '../categories/category.entity.js';
import { Evaluation, EvaluationAdjustment, EvaluationScheme, EvaluationScore } from '../evaluations/evaluation.entities.js';
import { JobLease } from '../jobs/job-lease.entity.js';
import { Media } from '../media/media.entity.js';
import { Open311Key, Open311Submission } from '../open311/open311.entities.js';
import { Patrol, PatrolPoint, PatrolWeekFigures } from '../patrols/patrol.entity.js';
import { Community, District, Grid, Street } from '../grids/grid.entities.js';
import { EvaluationGroup, GroupMembership, Unit } from '../org/org.entities.js';
import { Delivery, Message, OutboxEvent, WechatSubscription } from '../notifications/notify.entities.js';
import { AuditEntry, Consent, PolicyVersion } from '../privacy/privacy.entities.js';
import { MonthFigures } from '../stats/month-figures.entity.js';
import { InspectorGrid, User } from '../users/user.entity.js';

export const ENTITIES = [
  District,
  Street,
  Community,
  Grid,
  EvaluationGroup,
  Unit,
  GroupMembership,
  Category,
  CalendarDay,
  User,
  InspectorGrid,
  RefreshToken,
  Media,
  Case,
  CaseHistory,
  IdempotencyKey,
  CaseCounter,
  EvaluationScheme,
  Evaluation,
  EvaluationScore,
  EvaluationAdjustment,
  Patrol,
  PatrolPoint,
  PatrolWeekFigures,
  MonthFigures,
  Open311Key,
  Open311Submission,
  JobLease,
  OutboxEvent,
  Message,
  Delivery,
  WechatSubscription,
  PolicyVersion,
  Consent,
  AuditEntry,
];

import { SetMetadata } from '@nestjs/common';

/** Budgets a route draws on besides the per-caller request budget (README, configuration). */
export type RateLimitScope = 'login' | 'report' | 'upload' | 'action' | 'open311-write';

export const RATE_LIMIT_SCOPES = 'xc:rateLimitScopes';
export const SKIP_RATE_LIMIT = 'xc:skipRateLimit';

export const RateLimit = (...scopes: RateLimitScope[]) => SetMetadata(RATE_LIMIT_SCOPES, scopes);

/** No budget at all (the health check a load balancer polls). */
export const SkipRateLimit = () => SetMetadata(SKIP_RATE_LIMIT, true);

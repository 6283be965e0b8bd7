import { Injectable } from '@nestjs/common';

/** Whether this process is going away: readiness turns 503 first, so the load balancer stops sending. */
@Injectable()
export class HealthState {
  draining = false;
}

import { useSyncExternalStore } from 'react';
import { getSession, subscribeSession } from '../../../store/session';
import { finishPatrol, sendPatrolPoints, startPatrol } from '../api';
import { createLocationSource, createNetworkWatch, taroStorage } from './platform';
import { PatrolRecorder, type PatrolApi, type RecorderSnapshot } from './recorder';

/** The app's one patrol recorder, for the signed-in inspector (it outlives the 巡查 page). */

export const patrolApi: PatrolApi = {
  create: (startedAt) => startPatrol(startedAt),
  createNow: () => startPatrol(),
  points: (id, points, coord) => sendPatrolPoints(id, points, coord),
  finish: (id, finishedAt) => finishPatrol(id, finishedAt),
};

let instance: PatrolRecorder | null = null;
let watching = false;

export function patrolRecorder(userId: string): PatrolRecorder {
  if (instance && instance.userId === userId) return instance;
  instance?.dispose();
  if (!watching) {
    watching = true;
    // Signed out, or someone else signed in: positioning stops. A running patrol stays in its
    // owner's buffer on the device and goes on when they sign in and open 巡查 or the 工作台 again.
    subscribeSession(() => {
      if (instance && getSession()?.user.id !== instance.userId) resetPatrolRecorder();
    });
  }
  instance = new PatrolRecorder({
    userId,
    api: patrolApi,
    storage: taroStorage,
    location: createLocationSource(),
    network: createNetworkWatch(),
  });
  return instance;
}

/** Tests: forget the recorder (its buffer stays in storage, as after an app restart). */
export function resetPatrolRecorder(): void {
  instance?.dispose();
  instance = null;
}

export function usePatrolSnapshot(recorder: PatrolRecorder): RecorderSnapshot {
  return useSyncExternalStore(recorder.subscribe, recorder.getSnapshot, recorder.getSnapshot);
}

export { PatrolRecorder };
export type { RecorderSnapshot };

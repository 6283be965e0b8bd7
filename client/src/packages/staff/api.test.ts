import { finishPatrol, inspectorsFor, myPatrolWeek, sendPatrolPoints, startPatrol, todoCounts } from './api';
import * as http from '../../services/request';

jest.mock('../../services/request', () => ({ ...jest.requireActual('../../services/request'), request: jest.fn() }));
const request = jest.mocked(http.request);

beforeEach(() => request.mockReset());

describe('staff api', () => {
  it('reads the 工作台 counts from one aggregate of the to-do', async () => {
    request.mockResolvedValue({ total: 11, overdue: 3, byStatus: { checking: 10, verifying: 1 } });
    await expect(todoCounts()).resolves.toEqual({ total: 11, overdue: 3, byStatus: { checking: 10, verifying: 1 } });
    expect(request).toHaveBeenCalledWith('/api/v1/cases/counts', { query: { scope: 'todo' } });
  });

  it('asks the staff directory for inspectors, the case grid’s first, and marks them', async () => {
    request.mockResolvedValue([
      {
        id: 'a',
        name: '甲',
        roles: ['inspector'],
        patrolRole: 'grid_leader',
        unit: null,
        grids: [{ code: '411002004001001', name: '南关1' }],
      },
      { id: 'b', name: '乙', roles: ['inspector'], patrolRole: null, unit: null, grids: [] },
      { id: 'a', name: '甲', roles: ['inspector'], patrolRole: 'grid_leader', unit: null, grids: [] },
    ]);
    const list = await inspectorsFor('411002004001001');
    expect(request).toHaveBeenCalledWith('/api/v1/staff', { query: { role: 'inspector', gridCode: '411002004001001', unitId: undefined } });
    expect(list).toEqual([
      { id: 'a', name: '甲', ofGrid: true, patrolRole: 'grid_leader' },
      { id: 'b', name: '乙', ofGrid: false, patrolRole: null },
    ]);
  });

  it('speaks the patrol endpoints: device start time, GCJ-02 points from the weapp, finish, 我的本周', async () => {
    request.mockResolvedValue({});
    await startPatrol('2026-11-27T00:30:00.000Z');
    expect(request).toHaveBeenLastCalledWith('/api/v1/patrols', { method: 'POST', body: { startedAt: '2026-11-27T00:30:00.000Z' } });
    await sendPatrolPoints('p-1', [{ t: 1, lat: 34, lng: 113 }], 'gcj02');
    expect(request).toHaveBeenLastCalledWith(
      '/api/v1/patrols/p-1/points',
      expect.objectContaining({ method: 'POST', body: [{ t: 1, lat: 34, lng: 113 }], query: { coord: 'gcj02' } }),
    );
    await sendPatrolPoints('p-1', [{ t: 2, lat: 34, lng: 113 }], 'wgs84');
    expect(request).toHaveBeenLastCalledWith('/api/v1/patrols/p-1/points', expect.objectContaining({ query: undefined }));
    await finishPatrol('p-1', '2026-11-27T01:30:00.000Z');
    expect(request).toHaveBeenLastCalledWith('/api/v1/patrols/p-1/finish', {
      method: 'POST',
      body: { finishedAt: '2026-11-27T01:30:00.000Z' },
    });
    await myPatrolWeek();
    expect(request).toHaveBeenLastCalledWith('/api/v1/patrols/mine/week', { query: { week: undefined } });
  });
});

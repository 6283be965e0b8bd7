import Taro from '@tarojs/taro';
import type { UserDto } from '@xc/shared';
import { getSession, resetSessionCache, SESSION_STORAGE_KEY, setSession, updateUser } from './session';

const user = (id: string, name: string): UserDto => ({ id, name, roles: ['citizen'] }) as unknown as UserDto;
const stored = () => JSON.parse(Taro.getStorageSync(SESSION_STORAGE_KEY) as string) as { user: UserDto };

describe('session', () => {
  beforeEach(() => {
    Taro.removeStorageSync(SESSION_STORAGE_KEY);
    resetSessionCache();
  });

  it('keeps the same user’s session current with what the server says', () => {
    setSession({ accessToken: 'a', refreshToken: 'r', user: user('u1', '旧名') });
    updateUser(user('u1', '新名'));
    expect(getSession()?.user.name).toBe('新名');
    expect(stored().user.name).toBe('新名');
  });

  it('never writes an older account back over one signed in meanwhile', () => {
    setSession({ accessToken: 'a', refreshToken: 'r', user: user('operator', '演示受理员') });
    // Another sign-in (another tab, or a test switching accounts) replaced the stored session while /me was out.
    Taro.setStorageSync(
      SESSION_STORAGE_KEY,
      JSON.stringify({ accessToken: 'b', refreshToken: 's', user: user('inspector', '演示网格员') }),
    );
    updateUser(user('operator', '演示受理员'));
    expect(stored().user.id).toBe('inspector');
    expect(getSession()?.user.id).toBe('inspector');
  });
});

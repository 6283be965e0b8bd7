import Taro from '@tarojs/taro';

/** Routes of the app: main-package entry pages and the subpackage area pages. */
export const ROUTES = {
  home: '/pages/index/index',
  login: '/pages/login/index',
  me: '/pages/me/index',
  report: '/packages/citizen/pages/report/index',
  mine: '/packages/citizen/pages/mine/index',
  nearby: '/packages/citizen/pages/nearby/index',
  ranking: '/packages/public/pages/ranking/index',
  bulletin: '/packages/public/pages/bulletin/index',
  workbench: '/packages/staff/pages/workbench/index',
} as const;

export type Route = (typeof ROUTES)[keyof typeof ROUTES];

export function go(url: Route): void {
  void Taro.navigateTo({ url }).catch(() => Taro.redirectTo({ url }));
}

/** Back to 首页, dropping the page stack (after login, from a dead end). */
export function goHome(): void {
  void Taro.reLaunch({ url: ROUTES.home });
}

/** Switch between the main pages of the bottom bar without growing the stack. */
export function switchMain(url: typeof ROUTES.home | typeof ROUTES.me): void {
  void Taro.reLaunch({ url });
}

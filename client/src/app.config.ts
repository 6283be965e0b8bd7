/**
 * Main package: entry pages only (首页, 登录, 我的). Every area is a subpackage, loaded on demand.
 */
export default defineAppConfig({
  pages: ['pages/index/index', 'pages/login/index', 'pages/me/index'],
  subPackages: [
    {
      root: 'packages/citizen',
      pages: ['pages/report/index', 'pages/success/index', 'pages/mine/index', 'pages/detail/index', 'pages/nearby/index'],
    },
    {
      root: 'packages/public',
      pages: ['pages/ranking/index', 'pages/bulletin/index', 'pages/unit/index'],
    },
    {
      root: 'packages/staff',
      pages: ['pages/workbench/index', 'pages/case/index', 'pages/patrol/index'],
    },
    {
      root: 'packages/messages',
      pages: ['pages/index/index'],
    },
    {
      root: 'packages/info',
      pages: [
        'pages/about/index',
        'pages/help/index',
        'pages/privacy/index',
        'pages/terms/index',
        'pages/consent/index',
        'pages/my-data/index',
        'pages/delete-account/index',
      ],
    },
  ],
  // Location: the report's position and map picker (citizen), the patrol's track, in the
  // background too (staff 巡查: startLocationUpdateBackground + onLocationChange).
  requiredPrivateInfos: ['getLocation', 'chooseLocation', 'onLocationChange', 'startLocationUpdate', 'startLocationUpdateBackground'],
  requiredBackgroundModes: ['location'],
  permission: {
    'scope.userLocation': { desc: '用于上报问题的位置和记录巡查轨迹' },
  },
  window: {
    backgroundTextStyle: 'light',
    backgroundColor: '#F5F7FA',
    navigationBarBackgroundColor: '#0958D9', // white titles at 6.2:1 (tokens.scss)
    navigationBarTitleText: '许昌智慧城管',
    navigationBarTextStyle: 'white',
  },
});

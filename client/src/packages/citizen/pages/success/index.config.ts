export default definePageConfig({
  navigationBarTitleText: '上报成功',
});

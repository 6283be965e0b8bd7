export default definePageConfig({
  navigationBarTitleText: '考评通报',
  enableShareAppMessage: true,
});

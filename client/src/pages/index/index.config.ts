export default definePageConfig({
  navigationBarTitleText: '许昌智慧城管',
});

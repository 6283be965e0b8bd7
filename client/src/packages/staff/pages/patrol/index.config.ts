export default definePageConfig({
  navigationBarTitleText: '巡查',
  backgroundTextStyle: 'dark',
});

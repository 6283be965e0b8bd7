export default definePageConfig({
  navigationBarTitleText: '单位考评得分',
});

export default definePageConfig({ navigationBarTitleText: '关于平台' });

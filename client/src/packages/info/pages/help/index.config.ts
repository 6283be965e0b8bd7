export default definePageConfig({ navigationBarTitleText: '客服与帮助' });

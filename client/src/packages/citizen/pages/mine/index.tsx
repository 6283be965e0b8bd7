import { ComingSoon } from '../../../../components/ComingSoon';

export default function MyReportsPage() {
  return <ComingSoon feature='我的上报' description='集中查看您上报过的问题及每一步的处理进度，结案后可以评价。' />;
}

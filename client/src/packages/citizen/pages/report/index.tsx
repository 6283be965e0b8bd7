import { ComingSoon } from '../../../../components/ComingSoon';

export default function ReportPage() {
  return <ComingSoon feature='我要上报' description='随手拍下身边的城市问题，选择位置和类别后一键上报，可随时查看处理进度。' />;
}

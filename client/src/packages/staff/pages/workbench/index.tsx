import { ComingSoon } from '../../../../components/ComingSoon';

export default function WorkbenchPage() {
  return <ComingSoon feature='工作台' description='工作人员在此处理待办案件、开展网格巡查。' />;
}

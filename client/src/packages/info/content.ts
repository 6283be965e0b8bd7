import type { InfoSection } from './components/InfoPage';

/**
 * The words of 关于, 客服与帮助 and 隐私政策: what the platform is and does, as the rest of the
 * product implements it (the workflow, working hours of the calendar, what the public sees).
 */

/** The national city-management service hotline. */
export const HOTLINE = '12319';

/** Working hours of 受理 (server/src/calendar/working-time.ts: DEFAULT_WORK_PERIODS, on working days). */
export const WORKING_HOURS = '工作日 上午 8:30–12:00，下午 14:30–18:00（法定节假日按国家安排调休）';

export const ABOUT: { title: string; lead: string; sections: InfoSection[] } = {
  title: '关于许昌智慧城管便民服务平台',
  lead: '市民随手拍 · 城市共管理。发现身边的城市管理问题，拍照上报，全程可查进度。',
  sections: [
    {
      title: '平台是什么',
      paragraphs: [
        '许昌智慧城管便民服务平台是许昌市数字化城市管理的市民入口。井盖缺失、垃圾堆放、占道经营、路灯不亮、乱贴小广告……拍下照片、确认位置即可上报。',
        '每一件上报都按数字化城市管理的标准流程办理：上报 → 立案 → 派遣 → 处置 → 核查 → 结案，每一步都记录在“处理记录”中，您可随时查看。',
      ],
    },
    {
      title: '谁来处理',
      paragraphs: [
        '受理员在工作时间内审核上报，必要时请网格员到现场核实；立案后由派遣员派给负责的处置单位（区、街道办事处、市直部门或企事业单位），并按问题类别给出处理期限。',
        '处置完成后，网格员到现场核查；核查通过即结案。结案后您可以为处理结果打分。',
      ],
    },
    {
      title: '考评结果公开',
      paragraphs: [
        '市城市管理委员会办公室每月对两市两县政府、中心城区 5 个区政府（管委会）、42 个市直及企事业单位、中心城区 36 个乡（镇、街道）履行城市管理职责情况进行考评，结果在“排行榜”和“考评通报”中公开。',
      ],
    },
    {
      title: '主办',
      rows: [
        { label: '主办单位', value: '许昌市城市管理委员会办公室' },
        { label: '服务热线', value: `${HOTLINE}（城市管理服务热线）` },
      ],
    },
  ],
};

export const HELP: { title: string; lead: string; sections: InfoSection[] } = {
  title: '客服与帮助',
  lead: `遇到问题，可以先看下面的常见问题；紧急情况请直接拨打城市管理服务热线 ${HOTLINE}。`,
  sections: [
    {
      title: '联系我们',
      rows: [
        { label: '服务热线', value: HOTLINE },
        { label: '受理时间', value: WORKING_HOURS },
        { label: '非工作时间', value: '可随时上报，下一个工作时间段内受理；井盖缺失、路面塌陷等危及安全的问题请拨打热线' },
      ],
    },
    {
      title: '怎样上报一个问题？',
      paragraphs: [
        '首页点“我要上报”：先拍照（最多 9 张），确认问题位置，选择问题类型（不确定可只选主题），写几句描述，点“提交上报”。',
        '内容会自动保存为草稿，网络不好提交失败时不会丢失，联网后点“重试”即可。',
      ],
    },
    {
      title: '上报后多久有人处理？',
      paragraphs: [
        '受理员在工作时间内审核受理。立案派遣后，处置单位须在类别规定的期限内处理完毕，期限按工作时间计算，在问题详情中可以看到“处理期限”和剩余时间。',
        '需要较长时间整治的问题（如需多个部门协调或等待施工条件）会标为“长期整治中”，期间暂停计时，条件具备后继续处理。',
      ],
    },
    {
      title: '为什么显示“不予立案”？',
      paragraphs: ['可能是同一问题附近已有人上报（重复上报）、信息不足以确认问题，或不属于城市管理范围。原因写在问题详情的处理记录中。'],
    },
    {
      title: '附近问题显示哪些？',
      paragraphs: ['显示您所在位置 2 公里内已公开的问题，由近到远排列，同一地点的问题最新的在前；不显示上报人的任何信息。'],
    },
  ],
};

import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { ReporterDto } from '@xc/shared';
import { reporterContact } from '../../../services/api';
import { toApiErrorBody } from '../../../services/request';

/**
 * 上报人 on a staff case page: the name and the phone masked (138****1234). 查看完整号码 is an explicit
 * tap that the server writes to the audit log; then 拨打 calls back.
 */
export function ReporterContact({ caseId, reporter }: { caseId: string; reporter: ReporterDto }) {
  const [phone, setPhone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const reveal = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const contact = await reporterContact(caseId);
      if (contact.phone) setPhone(contact.phone);
      else setError('该上报人的联系方式已删除');
    } catch (err) {
      setError(toApiErrorBody(err).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="reporter-contact" data-testid="reporter">
      <Text className="staff-case__sub">
        上报人 {reporter.name}
        {reporter.phoneMasked && !phone ? ` · ${reporter.phoneMasked}` : ''}
        {phone ? ` · ${phone}` : ''}
      </Text>
      {reporter.phoneMasked && !phone ? (
        <Text className="reporter-contact__action" data-testid="reveal-phone" onClick={() => void reveal()}>
          {busy ? '正在获取…' : '查看完整号码（将被记录）'}
        </Text>
      ) : null}
      {phone ? (
        <Text
          className="reporter-contact__action"
          data-testid="call-reporter"
          onClick={() => void Taro.makePhoneCall({ phoneNumber: phone })}
        >
          拨打 {phone}
        </Text>
      ) : null}
      {error ? <Text className="staff-case__sub">{error}</Text> : null}
    </View>
  );
}

import { useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import type { CaseDto, MediaDto, Role } from '@xc/shared';
import { mediaUrl } from '../../../components/case/format';
import { toApiErrorBody } from '../../../services/request';
import { Button } from '../../../ui';
import { setPhotoPublicHidden } from '../api';
import './photo-privacy.scss';

/** Roles that may hide a photo from the public (the server checks the same). */
export const PHOTO_PRIVACY_ROLES: Role[] = ['operator', 'dispatcher', 'admin'];

/**
 * 照片公开: the public sees a reduced copy of each photo; staff hide one that shows a face or a plate,
 * and its public copy disappears at once. Errors (a limit, the network) show here, under the photos.
 */
export function PhotoPrivacy({ item, roles }: { item: Pick<CaseDto, 'media' | 'afterMedia'>; roles: Role[] }) {
  const photos: MediaDto[] = [...item.media, ...(item.afterMedia ?? [])];
  const [hidden, setHidden] = useState<Record<string, boolean>>(() => Object.fromEntries(photos.map((m) => [m.id, !!m.publicHidden])));
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!photos.length || !roles.some((r) => PHOTO_PRIVACY_ROLES.includes(r))) return null;

  const toggle = async (m: MediaDto) => {
    if (busy) return;
    setBusy(m.id);
    setError(null);
    try {
      const updated = await setPhotoPublicHidden(m.id, !hidden[m.id]);
      setHidden((h) => ({ ...h, [m.id]: !!updated.publicHidden }));
    } catch (err) {
      setError(`未能更改：${toApiErrorBody(err).message}`);
    } finally {
      setBusy(null);
    }
  };

  return (
    <View className="staff-case__card photo-privacy" data-testid="photo-privacy">
      <Text className="staff-case__card-title">照片公开</Text>
      <Text className="photo-privacy__hint">公众看到的是缩小的照片。照片中有人脸、车牌等个人信息时，请对公众隐藏。</Text>
      {photos.map((m, i) => (
        <View key={`${m.id}-${i}`} className="photo-privacy__row" data-testid="photo-privacy-row">
          <Image className="photo-privacy__thumb" src={mediaUrl(m.thumbUrl)} mode="aspectFill" />
          <Text className={`photo-privacy__state${hidden[m.id] ? ' photo-privacy__state--hidden' : ''}`}>
            {hidden[m.id] ? '已对公众隐藏' : '公众可见'}
          </Text>
          <Button
            className="photo-privacy__btn"
            type={hidden[m.id] ? 'primary' : 'danger'}
            fill="outline"
            size="small"
            loading={busy === m.id}
            onClick={() => void toggle(m)}
          >
            {hidden[m.id] ? '恢复公开' : '对公众隐藏'}
          </Button>
        </View>
      ))}
      {error ? (
        <View className="photo-privacy__error" role="alert">
          <Text>{error}</Text>
        </View>
      ) : null}
    </View>
  );
}

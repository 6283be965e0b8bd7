import { useCallback, useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import type { MediaDto } from '@xc/shared';
import { uploadMedia } from '../../services/api';
import { toApiErrorBody, type UploadSource } from '../../services/request';
import { mediaUrl } from '../case/format';
import './index.scss';
import { requirePrivacy } from '../../utils/privacy';

/** A photo on its way to the server (uploaded ones are the caller's `photos`). */
interface PendingPhoto {
  key: string;
  source: UploadSource;
  /** What the person calls it: the file name in H5, else `第 n 张`. */
  name: string;
  preview: string;
  status: 'uploading' | 'failed';
  progress: number;
  error?: string;
}

export interface PendingCounts {
  uploading: number;
  failed: number;
}

export interface PhotoUploaderProps {
  /** Photos already uploaded. */
  photos: MediaDto[];
  max: number;
  /** One photo has uploaded: add it (use a functional update: several may finish together). */
  onAdd: (media: MediaDto) => void;
  onRemove: (id: string) => void;
  /** Uploads still running or failed, for the form's validation. */
  onPendingChange?: (counts: PendingCounts) => void;
  /** The user picked photos (clear the field's error). */
  onPick?: () => void;
  /** A prefix for the test ids when a page has two uploaders (e.g. `after-`). */
  testIdPrefix?: string;
  addText?: string;
}

/**
 * What a failed upload means for the person: a file that is not a photo, or too large, will never
 * upload, so it is dropped with a word of why (no 重试 that cannot succeed); anything else (the
 * network, the server) may pass on a retry.
 */
export function uploadFailure(err: unknown): { message: string; retry: boolean; notice?: string } {
  const e = toApiErrorBody(err);
  if (e.code === 'PAYLOAD_TOO_LARGE') return { message: `太大（每张不超过 ${MAX_PHOTO_MB} MB）`, retry: false };
  if (e.code === 'UNSUPPORTED_MEDIA_TYPE' || e.code === 'VALIDATION_FAILED') return { message: '不是可以识别的照片', retry: false };
  if (e.code === 'UNAUTHENTICATED') return { message: '请重新登录', retry: true };
  // A limit (上传照片过于频繁，请 N 分钟后再试; 未提交的照片已有 30 张…) or a busy server: the tile says little,
  // the whole sentence goes under the photos.
  if (e.code === 'RATE_LIMITED') return { message: '太频繁', retry: true, notice: e.message };
  if (e.code === 'UNAVAILABLE') return { message: '服务器忙', retry: true, notice: e.message };
  return { message: '上传失败', retry: true };
}

/** The server's limit (server/src/media/media.constants.ts, MAX_UPLOAD_BYTES). */
export const MAX_PHOTO_MB = 10;

/** Why some of the picked files were not added: shown in the uploader, where it happened. */
export function pickNotice(rejected: readonly string[], dropped: number, max: number): string | null {
  const parts: string[] = [];
  if (rejected.length) parts.push(`${rejected.map((n) => `「${n}」`).join('、')}不是照片，未添加（可选择 JPG、PNG 等图片）`);
  if (dropped > 0) parts.push(`最多 ${max} 张照片，另外 ${dropped} 张未添加`);
  return parts.length ? parts.join('；') : null;
}

const isWeapp = (): boolean => process.env.TARO_ENV === 'weapp';

/** weapp: camera or album, images only; the temp file paths. */
async function chooseWeappPhotos(count: number): Promise<string[]> {
  if (!(await requirePrivacy('camera'))) return [];
  try {
    const r = await Taro.chooseMedia({ count, mediaType: ['image'], sourceType: ['camera', 'album'], sizeType: ['compressed'] });
    return r.tempFiles.map((f) => f.tempFilePath);
  } catch {
    return []; // cancelled
  }
}

let pendingSeq = 0;

/**
 * 随手拍 photos: camera or album (a file input in H5), thumbnails with delete, each photo uploaded
 * at once (POST /api/v1/media) with its progress, a failed one marked with 重试.
 */
export function PhotoUploader({
  photos,
  max,
  onAdd,
  onRemove,
  onPendingChange,
  onPick,
  testIdPrefix = '',
  addText = '拍照/相册',
}: PhotoUploaderProps) {
  const [pending, setPending] = useState<PendingPhoto[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement | null>(null);
  const mounted = useRef(true);
  const photosRef = useRef(photos);
  photosRef.current = photos;
  const onAddRef = useRef(onAdd);
  onAddRef.current = onAdd;

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const uploading = pending.filter((p) => p.status === 'uploading').length;
  const failed = pending.filter((p) => p.status === 'failed').length;
  useEffect(() => {
    onPendingChange?.({ uploading, failed });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [uploading, failed]);

  const startUpload = useCallback((photo: PendingPhoto) => {
    setPending((list) => list.map((p) => (p.key === photo.key ? { ...p, status: 'uploading', progress: 0, error: undefined } : p)));
    uploadMedia(photo.source, (progress) => {
      if (mounted.current) setPending((list) => list.map((p) => (p.key === photo.key ? { ...p, progress } : p)));
    })
      .then((media: MediaDto) => {
        if (!mounted.current) return;
        setPending((list) => list.filter((p) => p.key !== photo.key));
        setNotice(null);
        onAddRef.current(media);
      })
      .catch((err) => {
        if (!mounted.current) return;
        const failure = uploadFailure(err);
        if (!failure.retry) {
          // It will never upload: take it away and say why, here.
          setPending((list) => list.filter((p) => p.key !== photo.key));
          setNotice((n) => [n, `「${photo.name}」${failure.message}，未添加`].filter(Boolean).join('；'));
          return;
        }
        setPending((list) => list.map((p) => (p.key === photo.key ? { ...p, status: 'failed', error: failure.message } : p)));
        if (failure.notice) setNotice(failure.notice);
      });
  }, []);

  const addPhotos = (sources: { source: UploadSource; name: string; preview: string }[], rejected: string[] = []) => {
    if (!sources.length && !rejected.length) return;
    onPick?.();
    const room = Math.max(0, max - photosRef.current.length - pending.length);
    const added = sources.slice(0, room).map((s): PendingPhoto => ({
      key: `p${++pendingSeq}`,
      source: s.source,
      name: s.name,
      preview: s.preview,
      status: 'uploading',
      progress: 0,
    }));
    setNotice(pickNotice(rejected, sources.length - added.length, max));
    setPending((list) => [...list, ...added]);
    added.forEach(startUpload);
  };

  const pickPhotos = async () => {
    const room = max - photos.length - pending.length;
    if (room <= 0) {
      setNotice(`最多 ${max} 张照片，已经选满；可先删除再添加`);
      return;
    }
    if (isWeapp()) {
      const paths = await chooseWeappPhotos(room);
      const first = photos.length + pending.length;
      addPhotos(paths.map((path, i) => ({ source: { path }, name: `第 ${first + i + 1} 张`, preview: path })));
    } else {
      fileInput.current?.click();
    }
  };

  const onFiles = (e: { target: { files?: FileList | null; value?: string } }) => {
    const files = Array.from(e.target.files ?? []);
    // A file the browser calls something other than an image never reaches the server; one it
    // cannot name (no type) goes up, and the server judges it by its bytes.
    const isImage = (f: File) => !f.type || f.type.startsWith('image/');
    addPhotos(
      files.filter(isImage).map((file) => ({
        source: { blob: file, fileName: file.name || 'photo.jpg' },
        name: file.name || '照片',
        preview: typeof URL !== 'undefined' && URL.createObjectURL ? URL.createObjectURL(file) : '',
      })),
      files.filter((f) => !isImage(f)).map((f) => f.name || '文件'),
    );
    try {
      (e.target as HTMLInputElement).value = ''; // choosing the same file again fires change again
    } catch {
      // ignore
    }
  };

  const preview = (current: string) => {
    const urls = photos.map((p) => mediaUrl(p.url));
    void Taro.previewImage({ urls, current })?.catch?.(() => undefined);
  };

  const count = photos.length + pending.length;
  return (
    <View className="photo-uploader">
      <View className="photos">
        {photos.map((p, i) => (
          <View key={p.id} className="photos__item" data-testid={`${testIdPrefix}photo-uploaded`}>
            <Image className="photos__img" src={mediaUrl(p.thumbUrl || p.url)} mode="aspectFill" onClick={() => preview(mediaUrl(p.url))} />
            <View className="photos__delete" aria-label={`删除第 ${i + 1} 张照片`} onClick={() => onRemove(p.id)}>
              <Text className="photos__delete-x">×</Text>
            </View>
          </View>
        ))}
        {pending.map((p) => (
          <View key={p.key} className={`photos__item photos__item--${p.status}`} data-testid={`${testIdPrefix}photo-${p.status}`}>
            {p.preview ? <Image className="photos__img" src={p.preview} mode="aspectFill" /> : null}
            <View className="photos__mask">
              {p.status === 'uploading' ? (
                <Text className="photos__progress">{p.progress > 0 ? `${p.progress}%` : '上传中'}</Text>
              ) : (
                <View className="photos__retry" onClick={() => startUpload(p)}>
                  <Text className="photos__fail">{p.error ?? '上传失败'}</Text>
                  <Text className="photos__retry-text">重试</Text>
                </View>
              )}
            </View>
            <View
              className="photos__delete"
              aria-label="删除这张照片"
              onClick={() => setPending((list) => list.filter((x) => x.key !== p.key))}
            >
              <Text className="photos__delete-x">×</Text>
            </View>
          </View>
        ))}
        {count < max ? (
          <View className="photos__add" onClick={() => void pickPhotos()} aria-label="拍照或从相册选择">
            <Text className="photos__plus">+</Text>
            <Text className="photos__add-text">{addText}</Text>
          </View>
        ) : null}
      </View>
      {notice ? (
        <View className="photo-uploader__notice" role="alert" data-testid={`${testIdPrefix}photo-notice`}>
          <Text className="photo-uploader__notice-text">{notice}</Text>
          <Text className="photo-uploader__notice-close" onClick={() => setNotice(null)} aria-label="知道了">
            知道了
          </Text>
        </View>
      ) : null}
      {process.env.TARO_ENV === 'h5' ? (
        <input
          ref={fileInput}
          className="photo-uploader__file-input"
          data-testid={`${testIdPrefix}photo-input`}
          type="file"
          accept="image/*"
          multiple
          onChange={onFiles}
        />
      ) : null}
    </View>
  );
}

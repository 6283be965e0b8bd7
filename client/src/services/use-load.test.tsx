import { act, renderHook, waitFor } from '@testing-library/react';
import { ApiError } from './request';
import { useLoad } from './use-load';
import { usePagedLoad } from './use-paged-load';

/** A promise the test settles by hand. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const offline = () => new ApiError({ code: 'UNAVAILABLE', message: '网络连接失败，请检查网络后重试' });

describe('useLoad', () => {
  it('is loading, then ready with the data', async () => {
    const d = deferred<string[]>();
    const { result } = renderHook(() => useLoad('k', () => d.promise));
    expect(result.current.status).toBe('loading');
    expect(result.current.data).toBeUndefined();
    await act(async () => d.resolve(['a']));
    expect(result.current.status).toBe('ready');
    expect(result.current.data).toEqual(['a']);
  });

  it('says empty when the data holds nothing', async () => {
    const { result } = renderHook(() => useLoad('k', async () => [] as string[], { isEmpty: (l) => l.length === 0 }));
    await waitFor(() => expect(result.current.status).toBe('empty'));
  });

  it('fails with the Chinese message, and 重试 loads again', async () => {
    let calls = 0;
    const { result } = renderHook(() =>
      useLoad('k', async () => {
        calls += 1;
        if (calls === 1) throw offline();
        return 'ok';
      }),
    );
    await waitFor(() => expect(result.current.status).toBe('failed'));
    expect(result.current.error?.message).toBe('网络连接失败，请检查网络后重试');
    expect(result.current.data).toBeUndefined();
    await act(async () => {
      await result.current.reload();
    });
    expect(result.current.status).toBe('ready');
    expect(result.current.data).toBe('ok');
    expect(result.current.error).toBeNull();
  });

  it('does not load without a key', () => {
    const loader = jest.fn(async () => 'x');
    const { result } = renderHook(() => useLoad(null, loader));
    expect(result.current.status).toBe('idle');
    expect(loader).not.toHaveBeenCalled();
  });

  it('drops the answer of an earlier key that arrives late', async () => {
    const answers: Record<string, ReturnType<typeof deferred<string>>> = { a: deferred(), b: deferred() };
    const { result, rerender } = renderHook(({ k }) => useLoad(k, () => answers[k].promise), { initialProps: { k: 'a' } });
    rerender({ k: 'b' });
    expect(result.current.status).toBe('loading');
    await act(async () => answers.b.resolve('B'));
    expect(result.current.data).toBe('B');
    // The slow answer for 'a' comes after: it must not replace what 'b' shows.
    await act(async () => answers.a.resolve('A'));
    expect(result.current.data).toBe('B');
    expect(result.current.status).toBe('ready');
  });

  it('shows no data of an earlier key while the new key loads', async () => {
    const answers: Record<string, ReturnType<typeof deferred<string>>> = { a: deferred(), b: deferred() };
    const { result, rerender } = renderHook(({ k }) => useLoad(k, () => answers[k].promise), { initialProps: { k: 'a' } });
    await act(async () => answers.a.resolve('A'));
    expect(result.current.data).toBe('A');
    rerender({ k: 'b' });
    expect(result.current.status).toBe('loading');
    expect(result.current.data).toBeUndefined();
  });

  it('keeps the last data while it reloads and when the reload fails', async () => {
    let fail = false;
    let gate = deferred<void>();
    const onRefreshError = jest.fn();
    const { result } = renderHook(() =>
      useLoad(
        'k',
        async () => {
          await gate.promise;
          if (fail) throw offline();
          return 'first';
        },
        { onRefreshError },
      ),
    );
    await act(async () => gate.resolve());
    expect(result.current.data).toBe('first');

    fail = true;
    gate = deferred<void>();
    let reloaded!: Promise<unknown>;
    act(() => {
      reloaded = result.current.reload();
    });
    expect(result.current.status).toBe('ready');
    expect(result.current.refreshing).toBe(true);
    expect(result.current.data).toBe('first');
    await act(async () => {
      gate.resolve();
      await reloaded;
    });
    expect(result.current.status).toBe('ready');
    expect(result.current.refreshing).toBe(false);
    expect(result.current.data).toBe('first');
    expect(result.current.error?.code).toBe('UNAVAILABLE');
    expect(onRefreshError).toHaveBeenCalledTimes(1);
  });

  it('drops an answer that arrives after the page closed', async () => {
    const d = deferred<string>();
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const { result, unmount } = renderHook(() => useLoad('k', () => d.promise));
    unmount();
    await act(async () => d.resolve('late'));
    expect(result.current.status).toBe('loading');
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
  });

  it('changes the data in place with mutate', async () => {
    const { result } = renderHook(() => useLoad('k', async () => 1));
    await waitFor(() => expect(result.current.data).toBe(1));
    act(() => result.current.mutate((n) => n + 1));
    expect(result.current.data).toBe(2);
  });
});

describe('usePagedLoad', () => {
  type Item = { id: string };
  const pages: Record<string, { items: Item[]; nextCursor: string | null }> = {
    first: { items: [{ id: '1' }, { id: '2' }], nextCursor: 'c2' },
    c2: { items: [{ id: '2' }, { id: '3' }], nextCursor: null },
  };

  it('appends the next page without the items already shown', async () => {
    const { result } = renderHook(() => usePagedLoad<Item>('k', async (cursor) => pages[cursor ?? 'first']));
    await waitFor(() => expect(result.current.status).toBe('ready'));
    await act(async () => {
      await result.current.loadMore();
    });
    expect(result.current.data?.items.map((i) => i.id)).toEqual(['1', '2', '3']);
    expect(result.current.data?.nextCursor).toBeNull();
    expect(result.current.more).toBe('idle');
  });

  it('says a next page failed and keeps what is shown', async () => {
    const { result } = renderHook(() =>
      usePagedLoad<Item>('k', async (cursor) => {
        if (cursor) throw offline();
        return pages.first;
      }),
    );
    await waitFor(() => expect(result.current.status).toBe('ready'));
    await act(async () => {
      await result.current.loadMore();
    });
    expect(result.current.more).toBe('failed');
    expect(result.current.data?.items.map((i) => i.id)).toEqual(['1', '2']);
  });

  it('is empty when the first page holds nothing', async () => {
    const { result } = renderHook(() => usePagedLoad<Item>('k', async () => ({ items: [], nextCursor: null })));
    await waitFor(() => expect(result.current.status).toBe('empty'));
  });
});
